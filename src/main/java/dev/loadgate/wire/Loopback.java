package dev.loadgate.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a host is this machine: where the stack binds by default and where load may go (the
 * stack, the replay's target check and the intake server all ask it).
 */
public final class Loopback {
  private Loopback() {}

  /**
   * True when every address the host resolves to is a loopback address: a literal 127.x / ::1, or a
   * name that resolves only there. No name is trusted by its text; an unknown host is not loopback.
   */
  public static boolean is(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
