/* The SimGrid 3.32 side of livemig's scale benchmark (README, "Scale"; issues 11 and 30): the same
 * drain as scenarios/scale/sg-scale-*.conf, written with SimGrid's s4u API and its VM live-migration
 * plugin. Not part of `mvn test`; scenarios/scale/measure.sh builds and runs it when SimGrid is
 * installed (Debian: libsimgrid-dev).
 *
 *   scale NHOSTS VMS_PER_HOST NDRAIN RAM_GIB LINK_GBPS LATENCY_S [INTENSITY] [--cfg=...]
 *   e.g. scale 1000 20 500 8 1 0            (the 10,000-migration case)
 *        scale 1000 20 100 8 1 0 0.01       (the dirtying 2,000 case)
 *
 * NHOSTS hosts (1 core of 1 Gflop/s each), each with one link of LINK_GBPS to a star's centre (one
 * link per host, SHARED: both directions of the host's traffic share it max-min fairly), VMS_PER_HOST
 * VMs of RAM_GIB per host (1 core each), the first NDRAIN hosts drained at once: every VM of each in
 * flight at once (one actor per migration, each calling sg_vm_migrate). Drained host h (0-based)
 * sends its k-th VM to host NDRAIN + (h + k * NDRAIN) mod (NHOSTS - NDRAIN), the rule gen_scale.py
 * writes into livemig's scenarios as per-drain targets. The migration speed (the plugin's cap per
 * migration) is the link's rate. INTENSITY (default 0): the plugin's dirty-page intensity (a share of
 * the migration speed, dirtied while the VM computes; each VM then runs one busy actor); the working
 * set is the plugin's default, 90 % of the RAM.
 * NOT CHECKED: with INTENSITY 0.01 the 2,000 case's makespan equals the clean case's (1,487.741 s):
 * the dirtying does not take effect as written here; do not compare its figures (README, Scale II).
 *
 * Prints one line: migrations, the simulated makespan, the mean, min and max migration time (s).
 */
#include <simgrid/plugins/live_migration.h>
#include <simgrid/s4u.hpp>
#include <simgrid/s4u/VirtualMachine.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

static std::vector<double> durations;

static void migrate(sg4::VirtualMachine* vm, sg4::Host* dst)
{
  double start = sg4::Engine::get_clock();
  sg_vm_migrate(vm, dst);
  durations.push_back(sg4::Engine::get_clock() - start);
}

static void busy(double flops)
{
  sg4::this_actor::execute(flops);
}

static std::string host_name(int i)
{
  char b[16];
  std::snprintf(b, sizeof b, "h%05d", i + 1);
  return b;
}

int main(int argc, char* argv[])
{
  sg4::Engine e(&argc, argv); // takes the --cfg=... arguments out of argv
  if (argc < 7) {
    std::fprintf(stderr, "usage: %s NHOSTS VMS_PER_HOST NDRAIN RAM_GIB LINK_GBPS LATENCY_S [INTENSITY]\n", argv[0]);
    return 2;
  }
  const int nhosts = std::atoi(argv[1]);
  const int vph = std::atoi(argv[2]);
  const int ndrain = std::atoi(argv[3]);
  const double ram_gib = std::atof(argv[4]);
  const double gbps = std::atof(argv[5]);
  const double latency = std::atof(argv[6]);
  const double intensity = argc > 7 ? std::atof(argv[7]) : 0.0;
  if (nhosts <= ndrain || ndrain < 0 || vph <= 0) {
    std::fprintf(stderr, "need NHOSTS > NDRAIN >= 0 and VMS_PER_HOST > 0\n");
    return 2;
  }
  sg_vm_live_migration_plugin_init();
  const double bytes_per_s = gbps * 1e9 / 8;

  auto* zone = sg4::create_star_zone("world");
  std::vector<sg4::Host*> hosts;
  hosts.reserve(nhosts);
  for (int i = 0; i < nhosts; i++) {
    std::string n = host_name(i);
    sg4::Host* h = zone->create_host(n, 1e9);
    sg4::Link* l = zone->create_link(n + "_nic", bytes_per_s)->set_latency(latency)->seal();
    zone->add_route(h->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(l)}, true);
    hosts.push_back(h);
  }
  zone->seal();

  const auto ram = static_cast<size_t>(ram_gib * 1024 * 1024 * 1024);
  durations.reserve(static_cast<size_t>(ndrain) * vph);
  for (int h = 0; h < ndrain; h++) {
    for (int k = 0; k < vph; k++) {
      char vn[32];
      std::snprintf(vn, sizeof vn, "%s-vm%02d", host_name(h).c_str(), k + 1);
      sg4::VirtualMachine* vm = hosts[h]->create_vm(vn, 1, ram);
      vm->start();
      sg_vm_set_migration_speed(vm, bytes_per_s);
      if (intensity > 0) {
        sg_vm_set_dirty_page_intensity(vm, intensity);
        sg4::Actor::create("busy", vm, busy, 1e30)->daemonize();
      }
      sg4::Host* dst = hosts[ndrain + (h + k * ndrain) % (nhosts - ndrain)];
      sg4::Actor::create("mig", hosts[h], migrate, vm, dst);
    }
  }
  // other hosts' VMs exist in SimGrid's harness too (VMS_PER_HOST on every host) but do not move
  for (int h = ndrain; h < nhosts; h++)
    for (int k = 0; k < vph; k++) {
      char vn[32];
      std::snprintf(vn, sizeof vn, "%s-vm%02d", host_name(h).c_str(), k + 1);
      hosts[h]->create_vm(vn, 1, ram)->start();
    }
  e.run();

  double sum = 0, lo = 1e300, hi = 0;
  for (double d : durations) {
    sum += d;
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  std::printf("migrations %zu makespan %.3f mean %.3f min %.3f max %.3f\n", durations.size(),
              sg4::Engine::get_clock(), durations.empty() ? 0 : sum / durations.size(), durations.empty() ? 0 : lo, hi);
  return 0;
}
