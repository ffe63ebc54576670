/// What is wrong with one record of an input file: the field and the problem.
package struct ImportProblem: Error {
  package var field: String
  package var message: String

  package init(field: String, message: String) {
    self.field = field
    self.message = message
  }
}
