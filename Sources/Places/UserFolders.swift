import Platform

/// The user's folders by the XDG base directory rules, in one place: a variable
/// counts only when it holds an absolute path (the rules call a relative one
/// invalid); otherwise the folder under the home (`Account.home`).
public enum UserFolder: Sendable {
  /// Settings: `$XDG_CONFIG_HOME`, or `~/.config`.
  case config
  /// Data the user keeps: `$XDG_DATA_HOME`, or `~/.local/share`.
  case data
  /// Data that may be thrown away: `$XDG_CACHE_HOME`, or `~/.cache`.
  case cache

  /// Rubric's own folder within it (`…/rubric`), for this environment.
  public func rubric(environment env: [String: String] = ProcessInfo.processInfo.environment)
    -> URL
  {
    base(environment: env).appendingPathComponent("rubric")
  }

  /// The folder itself, for this environment.
  public func base(environment env: [String: String] = ProcessInfo.processInfo.environment) -> URL {
    let (variable, fallback) =
      switch self {
      case .config: ("XDG_CONFIG_HOME", ".config")
      case .data: ("XDG_DATA_HOME", ".local/share")
      case .cache: ("XDG_CACHE_HOME", ".cache")
      }
    if let v = env[variable], v.hasPrefix("/") { return URL(fileURLWithPath: v) }
    return URL(fileURLWithPath: Account.home(environment: env)).appendingPathComponent(fallback)
  }
}
