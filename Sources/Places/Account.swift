import Platform

/// The account Rubric runs under, found without the C library's account
/// lookups (`getpwuid`): a static binary cannot load their NSS modules, and in
/// a container or a chroot there may be none to load.
public enum Account {
  /// The account's name: `$USER`, `$LOGNAME`, the line for this uid in
  /// `/etc/passwd`, or the uid itself.
  public static func name(environment env: [String: String] = ProcessInfo.processInfo.environment)
    -> String
  {
    for key in ["USER", "LOGNAME"] {
      if let v = env[key], !v.isEmpty { return v }
    }
    return passwdEntry(uid: getuid())?.name ?? String(getuid())
  }

  /// The home folder: `$HOME`, this uid's line in `/etc/passwd`, or `/`.
  public static func home(environment env: [String: String] = ProcessInfo.processInfo.environment)
    -> String
  {
    if let v = env["HOME"], v.hasPrefix("/") { return v }
    return passwdEntry(uid: getuid())?.home ?? "/"
  }

  /// The name and home of a uid in a passwd file (`name:pw:uid:gid:gecos:home:shell`).
  static func passwdEntry(uid: uid_t, file: String = "/etc/passwd") -> (name: String, home: String)?
  {
    guard let data = FileManager.default.contents(atPath: file) else { return nil }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      let fields = line.split(separator: ":", omittingEmptySubsequences: false)
      guard fields.count >= 6, let id = UInt32(fields[2]), id == uid, !fields[0].isEmpty else {
        continue
      }
      return (String(fields[0]), String(fields[5]))
    }
    return nil
  }
}
