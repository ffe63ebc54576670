/// Who said a message.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
  case system, user, assistant, tool
}

/// One turn of a conversation.
public struct Message: Sendable, Hashable, Codable {
  public var role: Role
  public var content: String
  public var name: String?
  public var meta: [String: JSONValue]?

  public init(role: Role, content: String, name: String? = nil, meta: [String: JSONValue]? = nil) {
    self.role = role
    self.content = content
    self.name = name
    self.meta = meta
  }
}
