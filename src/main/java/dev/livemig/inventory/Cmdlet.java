package dev.livemig.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cmdlets whose Export-Csv files livemig reads, each recognised by its header: the columns it
 * must have, at least one of a few more, and none that belongs to a look-alike. Each also lists
 * the columns the import maps, those it knows but the model does not use (with the reason, printed),
 * and those that only describe (read silently). Any other column is reported as unknown.
 */
enum Cmdlet {
  VM_HOST("Get-VMHost", set("LogicalProcessorCount", "MemoryCapacity"), set(), set(),
      set("Name", "ComputerName", "LogicalProcessorCount", "MemoryCapacity", "VirtualMachineMigrationEnabled",
          "MaximumVirtualMachineMigrations", "VirtualMachineMigrationPerformanceOption"),
      reasons("UseAnyNetworkForMigration", "a clustered host migrates on the cluster's live-migration networks "
          + "(Get-ClusterNetwork, Get-ClusterParameter), whatever the host's own setting",
          "MaximumStorageMigrations", "storage migration is not modelled yet",
          "VirtualMachineMigrationAuthenticationType", "CredSSP or Kerberos does not change what is sent",
          "NumaSpanningEnabled", "NUMA is not modelled",
          "MacAddressMinimum", "the static MAC pool and its rules are not modelled yet",
          "MacAddressMaximum", "the static MAC pool and its rules are not modelled yet"),
      set("FullyQualifiedDomainName", "VirtualHardDiskPath", "VirtualMachinePath", "EnableEnhancedSessionMode",
          "FibreChannelWwnn", "FibreChannelWwpnMaximum", "FibreChannelWwpnMinimum", "HostNumaStatus", "NumaStatus",
          "IovSupport", "IovSupportReasons", "InternalNetworkAdapters", "ExternalNetworkAdapters", "SecureBootTemplates",
          "ResourceMeteringSaveInterval", "SupportedVmVersions", "IsDeleted", "Id")),
  CLUSTER_NODE("Get-ClusterNode", set("Name", "State"), set("NodeName", "DrainStatus", "NodeWeight", "DynamicWeight", "NodeHighestVersion"),
      set("SharedVolumeInfo", "OwnerNode", "Role", "MemoryStartup", "Team"),
      set("Name", "NodeName", "State", "Cluster"), reasons(),
      set("Id", "NodeHighestVersion", "NodeLowestVersion", "MajorVersion", "MinorVersion", "BuildNumber", "CSDVersion",
          "NodeInstanceID", "Description", "DrainStatus", "DrainTarget", "DynamicWeight", "NodeWeight", "FaultDomain",
          "Model", "Manufacturer", "SerialNumber", "StatusInformation", "Type")),
  VM("Get-VM", set("MemoryStartup"), set("VMName", "Name"), set(),
      set("VMName", "Name", "ComputerName", "State", "MemoryStartup", "MemoryAssigned", "MemoryMinimum", "MemoryMaximum",
          "DynamicMemoryEnabled", "IsClustered", "CPUUsage"),
      reasons("ProcessorCount", "virtual processors are not modelled; the VM's cores in use come from CPUUsage",
          "Generation", "the VM generation does not change a live migration in the model",
          "Version", "the configuration version does not change a live migration in the model",
          "MemoryDemand", "Hyper-V's memory demand is not modelled; assigned memory is what moves",
          "HardDrives", "disks are not modelled yet", "NetworkAdapters", "read from Get-VMNetworkAdapter instead",
          "SmartPagingFilePath", "smart paging is not modelled"),
      set("VMId", "Id", "Uptime", "Status", "MemoryStatus", "Path", "ConfigurationLocation", "CheckpointType",
          "AutomaticStartAction", "AutomaticStopAction", "AutomaticStartDelay", "AutomaticCriticalErrorAction",
          "AutomaticCriticalErrorActionTimeout", "ReplicationState", "ReplicationHealth", "ReplicationMode", "Notes",
          "CreationTime", "IntegrationServicesVersion", "IntegrationServicesState", "DVDDrives", "FloppyDrive", "ComPort1",
          "ComPort2", "ParentSnapshotId", "ParentSnapshotName", "Heartbeat", "ResourceMeteringEnabled", "NumaAligned",
          "NumaNodesCount", "NumaSocketCount", "OperationalStatus", "PrimaryOperationalStatus", "SecondaryOperationalStatus",
          "StatusDescriptions", "PrimaryStatusDescription", "SecondaryStatusDescription", "SizeOfSystemFiles", "IsDeleted",
          "SnapshotFileLocation", "CheckpointFileLocation", "AutomaticCheckpointsEnabled", "FibreChannelHostBusAdapters",
          "VMIntegrationService", "RemoteFxAdapter", "BatteryPassthroughEnabled", "GuestControlledCacheTypes",
          "LowMemoryMappedIoSpace", "HighMemoryMappedIoSpace", "HighMemoryMappedIoBaseAddress", "LockOnDisconnect",
          "Snapshots", "GroupName")),
  VM_HARD_DISK_DRIVE("Get-VMHardDiskDrive", set("ControllerType", "Path"), set(), set(),
      set("VMName", "ComputerName", "Path", "DiskNumber", "ControllerType", "ControllerNumber", "ControllerLocation"),
      reasons(), set("Name", "Id", "VMId", "VMSnapshotId", "VMSnapshotName", "PoolName", "SupportPersistentReservations",
          "MaximumIOPS", "MinimumIOPS", "QoSPolicyID", "IsDeleted", "VMCheckpointId", "VMCheckpointName",
          "AttachedToController")),
  VHD("Get-VHD", set("VhdFormat"), set("FileSize", "Size", "VhdType"), set(),
      set("ComputerName", "Path", "VhdFormat", "VhdType", "FileSize", "Size", "ParentPath", "Attached"), reasons(),
      set("MinimumSize", "LogicalSectorSize", "PhysicalSectorSize", "BlockSize", "DiskIdentifier",
          "FragmentationPercentage", "Alignment", "DiskNumber", "IsPMEMCompatible", "AddressAbstractionType", "Number")),
  CLUSTER_SHARED_VOLUME("Get-ClusterSharedVolume", set("OwnerNode", "Name"), set("SharedVolumeInfo"), set("GroupType"),
      set("Name", "State", "OwnerNode", "SharedVolumeInfo"), reasons(), set("Id", "Cluster")),
  NET_ADAPTER("Get-NetAdapter", set("InterfaceDescription"), set("LinkSpeed", "Speed", "ReceiveLinkSpeed"),
      set("Team", "AdministrativeMode"),
      set("Name", "InterfaceDescription", "Status", "LinkSpeed", "Speed", "ReceiveLinkSpeed", "TransmitLinkSpeed",
          "PSComputerName", "SystemName", "ComputerName"),
      reasons("MtuSize", "jumbo frames are not modelled; the payload share of a frame is fixed (1460/1538)",
          "VlanID", "VLANs are not modelled", "FullDuplex", "every link is full duplex in the model"),
      set("ifIndex", "MacAddress", "ifDesc", "ifAlias", "InterfaceIndex", "InterfaceAlias", "DriverDescription",
          "DriverVersion", "DriverDate", "DriverProvider", "DriverInformation", "MediaConnectionState", "AdminStatus",
          "ifOperStatus", "MediaType", "PhysicalMediaType", "Virtual", "HardwareInterface", "DeviceID", "ComponentID",
          "PnPDeviceID", "InstanceID", "PermanentAddress", "NetworkAddresses", "Caption", "Description", "ElementName",
          "InterfaceGuid", "InterfaceName", "NdisMedium", "NdisPhysicalMedium", "ConnectorPresent", "PromiscuousMode",
          "State", "CreationClassName", "SystemCreationClassName", "DeviceName", "EndPointInterface", "NotUserRemovable",
          "Hidden", "iSCSIInterface", "OperationalStatusDownDefaultPortNotAuthenticated", "OperationalStatusDownMediaDisconnected",
          "OperationalStatusDownInterfacePaused", "OperationalStatusDownLowPowerState", "InterfaceOperationalStatus",
          "InterfaceAdminStatus", "LinkLayerAddress", "MediaDuplexState", "DriverFileName", "DriverMajorNdisVersion",
          "DriverMinorNdisVersion", "Status", "ActiveMaximumTransmissionUnit")),
  LBFO_TEAM("Get-NetLbfoTeam", set("TeamingMode", "LoadBalancingAlgorithm"), set(), set(),
      set("Name", "Members", "TeamNics", "Status", "PSComputerName", "ComputerName"),
      reasons("TeamingMode", "the model puts a stream on the member with the fewest streams, whatever the mode",
          "LoadBalancingAlgorithm", "the model puts a stream on the member with the fewest streams, whatever the algorithm"),
      set("lacpTimer", "LacpTimer", "TeamNicsCount", "InstanceID", "Caption", "Description", "ElementName")),
  LBFO_TEAM_MEMBER("Get-NetLbfoTeamMember", set("Team", "AdministrativeMode"), set(), set(),
      set("Name", "Team", "AdministrativeMode", "OperationalStatus", "PSComputerName", "ComputerName"),
      reasons(), set("InterfaceDescription", "TransmitLinkSpeed", "ReceiveLinkSpeed", "FailureReason", "InstanceID",
          "Caption", "Description", "ElementName")),
  NET_ADAPTER_RDMA("Get-NetAdapterRdma", set("Name", "Enabled"),
      set("InterfaceDescription", "MaxQueuePairCount", "RdmaAdapterInfo", "Operational"),
      set("LinkSpeed", "Speed", "Team", "MemoryStartup", "DynamicMacAddressEnabled"),
      set("Name", "InterfaceDescription", "Enabled", "Operational", "PSComputerName", "ComputerName", "SystemName"),
      reasons("PFC", "priority flow control is not modelled", "ETS", "ETS is not modelled"),
      set("MaxQueuePairCount", "MaxCompletionQueueCount", "MaxMemoryRegionCount", "RdmaAdapterInfo",
          "RdmaMissingCounterInfo", "InstanceID", "Caption", "Description", "ElementName", "Source", "MaxProtectionDomainCount",
          "MaxInboundReadLimit", "MaxOutboundReadLimit", "MaxMemoryRegionSize", "MaxQueuePairDepth", "MaxSharedReceiveQueueCount")),
  CLUSTER_NETWORK("Get-ClusterNetwork", set("Role"), set("Address", "AddressMask", "Metric", "AutoMetric"), set(),
      set("Name", "Role", "Id", "Metric", "State"), reasons(),
      set("Address", "AddressMask", "AutoMetric", "Cluster", "Description", "Ipv4Addresses", "Ipv4PrefixLengths",
          "Ipv6Addresses", "Ipv6PrefixLengths")),
  CLUSTER_NETWORK_INTERFACE("Get-ClusterNetworkInterface", set("Network", "Node"), set("Adapter"), set(),
      set("Name", "Node", "Network", "Adapter", "State"), reasons(),
      set("Address", "Ipv4Addresses", "Ipv6Addresses", "AdapterId", "Cluster", "Description", "DhcpEnabled", "Id")),
  CLUSTER_PARAMETER("Get-ClusterParameter", set("ClusterObject", "Name", "Value"), set(), set(),
      set("ClusterObject", "Name", "Value"), reasons(), set("IsReadOnly", "ParameterType")),
  VM_NETWORK_ADAPTER("Get-VMNetworkAdapter", set("DynamicMacAddressEnabled"), set("VMName", "MacAddress"), set(),
      set("VMName", "ComputerName", "Name", "MacAddress", "DynamicMacAddressEnabled", "IsManagementOs"), reasons(),
      set("SwitchName", "Connected", "Status", "IPAddresses", "Id", "VMId", "AdapterId", "SwitchId", "IsLegacy",
          "IsExternalAdapter", "IsDeleted", "MacAddressSpoofing", "VlanSetting", "BandwidthSetting", "Shared")),
  VM_HOST_SUPPORTED_VERSION("Get-VMHostSupportedVersion", set("Version", "IsDefault"), set("Name"), set(),
      set(), reasons("Version", "configuration versions do not change a live migration in the model"),
      set("Name", "IsDefault", "ComputerName", "PSComputerName")),
  CLUSTER_GROUP("Get-ClusterGroup", set("OwnerNode", "GroupType"), set("Priority"), set(),
      set("Name", "OwnerNode", "GroupType", "Priority", "State"),
      reasons("AntiAffinityClassNames", "anti-affinity is not modelled: placement may put such VMs together",
          "PreferredOwners", "preferred owners are not modelled: placement follows cluster.placement"),
      set("Id", "Cluster", "IsCoreGroup", "Description", "PersistentState", "FailoverThreshold", "FailoverPeriod",
          "AutoFailbackType", "FailbackWindowStart", "FailbackWindowEnd", "DefaultOwner", "StatusInformation",
          "ResiliencyPeriod", "ColdStartSetting", "GroupSetName", "UpdateDomain", "FaultDomain")),
  SMB_BANDWIDTH_LIMIT("Get-SmbBandwidthLimit", set("Category", "BytesPerSecond"), set(), set(),
      set("Category", "BytesPerSecond", "PSComputerName", "ComputerName"), reasons(), set());

  final String display;
  final Set<String> required;
  final Set<String> anyOf;
  final Set<String> excluded;
  final Set<String> mapped;
  final Map<String, String> notModelled;
  final Set<String> descriptive;

  Cmdlet(String display, Set<String> required, Set<String> anyOf, Set<String> excluded, Set<String> mapped,
      Map<String, String> notModelled, Set<String> descriptive) {
    this.display = display;
    this.required = required;
    this.anyOf = anyOf;
    this.excluded = excluded;
    this.mapped = mapped;
    this.notModelled = notModelled;
    this.descriptive = descriptive;
  }

  /** How well {@code header} fits: -1 when it does not, else the number of signature columns present. */
  int score(CsvTable t) {
    for (String c : required) if (!t.has(c)) return -1;
    for (String c : excluded) if (t.has(c)) return -1;
    int any = 0;
    for (String c : anyOf) if (t.has(c)) any++;
    if (!anyOf.isEmpty() && any == 0) return -1;
    return required.size() + any;
  }

  /** The cmdlet that wrote {@code t}: the best fit of its header; null when none fits. */
  static Cmdlet recognise(CsvTable t) {
    Cmdlet best = null;
    int bestScore = -1;
    for (Cmdlet c : values()) {
      int s = c.score(t);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    return best;
  }

  static String allowed() {
    List<String> names = new ArrayList<>();
    for (Cmdlet c : values()) names.add(c.display);
    return String.join(", ", names);
  }

  /** Columns PowerShell remoting and CIM add to any object (Invoke-Command, -CimSession). */
  private static final Set<String> REMOTING = set("PSComputerName", "RunspaceId", "PSShowComputerName", "CimClass",
      "CimInstanceProperties", "CimSystemProperties");

  boolean known(String column) {
    return containsIgnoreCase(REMOTING, column) || containsIgnoreCase(mapped, column)
        || containsIgnoreCase(descriptive, column) || reason(column) != null;
  }

  String reason(String column) {
    for (Map.Entry<String, String> e : notModelled.entrySet()) if (e.getKey().equalsIgnoreCase(column)) return e.getValue();
    return null;
  }

  private static boolean containsIgnoreCase(Set<String> s, String c) {
    return s.contains(c.toLowerCase(Locale.ROOT));
  }

  private static Set<String> set(String... columns) {
    Set<String> s = new TreeSet<>();
    for (String c : columns) s.add(c.toLowerCase(Locale.ROOT));
    return s;
  }

  private static Map<String, String> reasons(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
    return m;
  }
}
