#!/usr/bin/env python3
"""Generates the scale benchmark scenarios of this folder (sg-scale-*.conf): the same cases as
SimGrid 3.32 live-migration scale runs (issue 11). Do not edit the .conf files by hand: run
    python3 scenarios/scale/gen_scale.py            # every case below, into this folder
    python3 scenarios/scale/gen_scale.py NHOSTS VMS_PER_HOST NDRAIN OUT [--dirty]   # one case
SimGrid host i (0-based) is livemig host h%05d with number i+1; drained host h sends its k-th VM
to host ndrain + (h + k*ndrain) mod (nhosts-ndrain), exactly as in the SimGrid harness.
The generator is the one of shared/bench/gen_scale.py, unchanged but for the list of cases."""
import os
import sys

# (hosts, VMs per host, hosts drained, dirty): migrations = drained x VMs per host
CASES = [
    (1000, 20, 50, False),    # 1,000
    (1000, 20, 100, False),   # 2,000 (SimGrid: 0.5 s, 138 MB)
    (1000, 20, 100, True),    # 2,000 dirtying (SimGrid: 2.4 s)
    (1000, 20, 500, False),   # 10,000 (SimGrid: 1.9-2.2 s, 418 MB)
    (2000, 20, 1000, False),  # 20,000
    (5000, 20, 2500, False),  # 50,000
    (10000, 20, 5000, False), # 100,000 (5,000 hosts of 20 VMs drained into 5,000 others)
]


def generate(nh, vph, nd, out, dirty):
    name = lambda i: "h%05d" % (i + 1)
    wl = ('{ model = uniform, writes-per-second = 305, working-set = 7373 MiB }' if dirty else 'idle')
    L = []
    L.append(f"# Equivalent of SimGrid 3.32 `scale {nh} {vph} {nd} 8 1 0{' 0.01' if dirty else ''}`:")
    L.append(f"# {nh} hosts x {vph} VMs of 8 GiB, one 1 Gbps NIC per host (tx and rx sides shared max-min fair),")
    L.append(f"# TCP/IP, {nd} hosts drained at once (async drains, {nd*vph} migrations), every VM of a drained host in")
    L.append("# flight at once (simultaneous = 1000 per host, i.e. no limit), SimGrid's placement rule as per-drain targets.")
    if dirty:
        L.append("# Dirty variant: SimGrid intensity 0.01 = 0.01 x 125 MB/s = 1.25 MB/s per VM over 90 % of its RAM:")
        L.append("# uniform writes, 305 pages/s of 4 KiB over a 7373 MiB working set.")
    L.append(f"name = sg-scale-{nh}x{vph}-drain{nd}{'-dirty' if dirty else ''}")
    L.append("seed = 42")
    L.append("templates { node { memory = 512 GiB, cores = 32, nics = [ { name = lm1, speed = 1 Gbps, network = LM } ] } }")
    L.append(f'host-groups = [ {{ count = {nh}, name = "h%05d", template = ${{templates.node}} }} ]')
    L.append(f'vm-groups = [ {{ per-host = {vph}, name = "%s-vm%02d", template = {{ memory = 8 GiB, workload = {wl} }} }} ]')
    L.append("cluster.live-migration { performance-option = tcpip, networks = [LM], simultaneous = 1000 }")
    L.append("steps = [")
    for h in range(nd):
        tg = [name(nd + (h + k * nd) % (nh - nd)) for k in range(vph)]
        L.append(f"  {{ drain {{ host = {name(h)}, async = true, placement {{ policy = targets, order = as-listed, targets = [{', '.join(tg)}] }} }} }}")
    L.append("  { wait { for = migrations } }")
    L.append("]")
    open(out, "w").write("\n".join(L) + "\n")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        a = sys.argv
        generate(int(a[1]), int(a[2]), int(a[3]), a[4], '--dirty' in a)
    else:
        here = os.path.dirname(os.path.abspath(__file__))
        for nh, vph, nd, dirty in CASES:
            generate(nh, vph, nd, os.path.join(here, f"sg-scale-{nh}x{vph}-drain{nd}{'-dirty' if dirty else ''}.conf"), dirty)
