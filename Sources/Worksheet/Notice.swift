import Annotation

/// A message on the message line.
public struct Notice: Sendable, Equatable {
  public enum Kind: Sendable { case info, warning, error }
  public var text: String
  public var kind: Kind
  /// The answers whose problems the notice is about; once none has a problem, it goes.
  public var blockers: [AnswerKey] = []
}
