package cn.tuoyu.sentinel.jobs.cli;

import picocli.CommandLine;

/** The version from the jar manifest (the Maven project version). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = SentinelCli.class.getPackage().getImplementationVersion();
    return new String[] {"Tuoyu Sentinel " + (v == null ? "(development build)" : v)};
  }
}
