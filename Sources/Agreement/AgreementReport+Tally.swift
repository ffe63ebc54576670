import Annotation
import Platform
import Reports
import TaskStore

extension AgreementReport {
  /// The counts agreement is computed from, added a task at a time. Tallies of
  /// consecutive batches of tasks merge in order into the tally of all of them, so
  /// batches are counted on all cores and the figures do not depend on how many.
  package struct Tally: Sendable {
    /// The team's annotators, sorted, and each one's place among them.
    let names: [String]
    let nameIndex: [String: Int]
    var pairMatrix: [Statistics.Pairwise]
    var priorTasks = 0
    /// By place in `names` (a name is hashed once an answer, not once a figure).
    var perAnnotator: [AnnotatorFigures]
    var seconds: [[Double]]
    var questionOrder: [String] = []
    var figures: [String: QuestionFigures] = [:]
    /// Who rated anything of a question's counted units, by place in `names`.
    var raters: [String: [Bool]] = [:]
    var units: [String: [[Double]]] = [:]
    /// Labels' α per label, counted as units are read (their units are not kept).
    var labelCoincidences: [String: [String: Statistics.Coincidences]] = [:]
    /// τ-b per question over pairs of annotators, summed in task order.
    var tau: [String: (sum: Double, count: Int)] = [:]
    var priorPairs: [String: Statistics.Pairwise] = [:]

    /// No tasks yet, for a team whose annotators are `names` (sorted).
    package init(names: [String]) {
      self.names = names
      nameIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
      pairMatrix = Array(repeating: Statistics.Pairwise(), count: names.count * names.count)
      perAnnotator = names.map { AnnotatorFigures(name: $0) }
      seconds = Array(repeating: [], count: names.count)
    }

    /// Counts a walked task's submitted answers, when it has any and its task decodes.
    package mutating func add(_ t: AnsweredTask) {
      guard let task = t.task, let form = t.form else { return }
      let answers = t.submitted
      guard !answers.isEmpty else { return }
      add(task, answers: answers, form: form)
    }

    /// Counts one task's submitted answers (at least one). The answers come from the
    /// team's journals, each of which holds only its own annotator's: an answer by a
    /// name not among `names` cannot occur and is not counted.
    mutating func add(_ task: ChatTask, answers all: [Annotation], form: Form) {
      // Annotations are read by place or lent (`forEachLent`), never copied one by one.
      var kept: [Int] = []
      var who: [Int] = []
      kept.reserveCapacity(all.count)
      who.reserveCapacity(all.count)
      for k in all.indices {
        guard let i = nameIndex[all[k].annotator] else { continue }
        kept.append(k)
        who.append(i)
      }
      let answers = kept.count == all.count ? all : kept.map { all[$0] }
      // Lengths in characters by candidate place, counted once a task (counting walks the whole text).
      let lengths = task.candidates.map { WordCount.characters($0.text) }
      let ids = task.candidates.map(\.id)
      // Each answer's ranks by candidate place on the question that orders the
      // candidates, read once for the length figures and the pairwise counts.
      let ordering = form.rankingQuestion ?? form.preferenceQuestions.first
      let orderingRanks = ordering.map { q in Consensus.rankLists(answers, q, ids) }
      // The dataset's own judge, as one more rater on the rankings and preferences.
      if let prior = AgreementReport.priorAnswer(task, form: form) {
        priorTasks += 1
        for q in form.questions where q.kind.isOrdering {
          let p = AgreementReport.relations(of: prior, question: q, task: task)
          answers.forEachLent { i, a in
            let h = AgreementReport.relations(of: a, question: q, task: task)
            for (pair, x) in h {
              guard let y = p[pair] else { continue }
              perAnnotator[who[i]].withPrior.add(x, y)
              priorPairs[q.id, default: Statistics.Pairwise()].add(x, y)
            }
          }
        }
      }
      answers.forEachLent { i, a in
        var f = perAnnotator[who[i]]
        f.submitted += 1
        if a.revealed == false { f.blind += 1 }
        seconds[who[i]].append(Double(a.activeMs) / 1000)
        if let gold = task.gold {
          f.goldTrials += 1
          if gold.check(a, form: form, order: a.orderShown).isRight { f.goldRight += 1 }
        }
        if let won = a.firstShownWon(form: form) {
          f.firstShownTrials += 1
          if won { f.firstShownWins += 1 }
        }
        if let r = orderingRanks?[i] {
          let (trials, wins) = AgreementReport.longerWins(r, lengths: lengths)
          f.lengthTrials += trials
          f.longerWins += wins
        }
        perAnnotator[who[i]] = f
      }
      guard answers.count >= 2 else { return }
      for q in form.questions {
        if figures[q.id] == nil {
          figures[q.id] = QuestionFigures(q)
          questionOrder.append(q.id)
        }
        switch q.kind.agreement {
        case .pairwise:
          var f = figures[q.id] ?? QuestionFigures(q)
          var pairwise = f.pairwise ?? Statistics.Pairwise()
          // Ranks as arrays by candidate index: 50 annotators make 1,225 pairs a task.
          let ranks =
            (q.id == ordering?.id ? orderingRanks : nil)
            ?? Consensus.rankLists(answers, q, ids)
          // Annotators who ranked alike are compared once: each pair of distinct
          // rankings is counted once, then added for every pair of annotators who gave them.
          let (group, distinct) = AgreementReport.grouped(ranks)
          let compared = AgreementReport.compared(distinct, candidates: ids.count)
          var mine = Array(repeating: Statistics.Pairwise(), count: answers.count)
          var unit = Statistics.Pairwise()
          var counted = false
          // τ-b summed here in the same order as into the tally (looked up once a task, not once a pair).
          var tauSum = tau[q.id]?.sum ?? 0
          var tauCount = tau[q.id]?.count ?? 0
          for i in 0..<answers.count {
            for j in (i + 1)..<answers.count {
              let (both, tauB) = compared[group[i] * distinct.count + group[j]]
              if both.total > 0 {
                unit = unit + both
                mine[i] = mine[i] + both
                mine[j] = mine[j] + both
                let (x, y) = who[i] < who[j] ? (who[i], who[j]) : (who[j], who[i])
                pairMatrix[x * names.count + y] = pairMatrix[x * names.count + y] + both
                counted = true
              }
              // Kendall τ-b over the candidates both ranked.
              if let t = tauB {
                tauSum += t
                tauCount += 1
              }
            }
          }
          if tauCount > 0 { tau[q.id] = (tauSum, tauCount) }
          for i in answers.indices where mine[i].total > 0 {
            perAnnotator[who[i]].agreement = perAnnotator[who[i]].agreement + mine[i]
          }
          pairwise = pairwise + unit
          if counted {
            f.unitPairwise.append(unit)
            f.units += 1
            rated(q.id, by: who)
          }
          f.pairwise = pairwise
          figures[q.id] = f
        case .scale:
          var counted = false
          let given = Consensus.answersByKey(answers, q, ids).map(\.answers)
          for byAnswer in given {
            let values = byAnswer.compactMap { $0?.rating.map(Double.init) }
            guard values.count >= 2 else { continue }
            units[q.id, default: []].append(values)
            counted = true
          }
          // Who rated anything of a unit that counts (once per task: 50 names, not 50 per candidate).
          if counted {
            rated(
              q.id,
              by: answers.indices.filter { i in given.contains { $0[i]?.rating != nil } }.map {
                who[$0]
              })
          }
        case .nominal(let options):
          for (_, byAnswer) in Consensus.answersByKey(answers, q, ids) {
            let shown = answers.indices.map { i in
              byAnswer[i]?.choice.flatMap {
                CandidateChoice.shown($0, options: options, order: answers[i].orderShown)
              }
            }
            let values = shown.compactMap {
              $0.flatMap { options.firstIndex(of: $0) }.map(Double.init)
            }
            // The confusion of each pair of annotators, in name order.
            for i in 0..<answers.count {
              for j in (i + 1)..<answers.count {
                guard let x = shown[i], let y = shown[j] else { continue }
                let (a, b, vx, vy) =
                  answers[i].annotator < answers[j].annotator
                  ? (answers[i].annotator, answers[j].annotator, x, y)
                  : (answers[j].annotator, answers[i].annotator, y, x)
                figures[q.id, default: QuestionFigures(q)].confusion[
                  "\(a)|\(b)", default: [:]][vx, default: [:]][vy, default: 0] += 1
              }
            }
            guard values.count >= 2 else { continue }
            units[q.id, default: []].append(values)
            rated(q.id, by: who)
          }
        case .perLabel(let options):
          for (_, byAnswer) in Consensus.answersByKey(answers, q, ids) {
            // Each answer's labels looked up once, not once per option.
            let chosen = byAnswer.map { $0?.labels ?? [] }
            // Only answers that looked at the labels (an answer, or none chosen) count for every label.
            for o in options {
              let values = chosen.map { $0.contains(o) ? 1.0 : 0.0 }
              labelCoincidences[q.id, default: [:]][o, default: Statistics.Coincidences()].add(
                values)
            }
            units[q.id, default: []].append([])
            rated(q.id, by: who)
          }
        case .none:
          // Free text and turns have no agreement figure.
          break
        }
      }
    }

    /// Marks the annotators at places `who` as raters of a question.
    mutating func rated(_ question: String, by who: [Int]) {
      var marks =
        raters.removeValue(forKey: question) ?? Array(repeating: false, count: names.count)
      for i in who { marks[i] = true }
      raters[question] = marks
    }

    /// Adds the tally of the tasks that come after these.
    package mutating func merge(_ o: Tally) {
      priorTasks += o.priorTasks
      for i in pairMatrix.indices { pairMatrix[i] = pairMatrix[i] + o.pairMatrix[i] }
      for i in perAnnotator.indices {
        perAnnotator[i].add(o.perAnnotator[i])
        seconds[i] += o.seconds[i]
      }
      for id in o.questionOrder where figures[id] == nil { questionOrder.append(id) }
      for (id, f) in o.figures {
        if figures[id] == nil { figures[id] = f } else { figures[id]?.add(f) }
      }
      raters.merge(o.raters) { mine, theirs in zip(mine, theirs).map { $0 || $1 } }
      // Appended in place: `merge(_:uniquingKeysWith: +)` copies the units so far at
      // every batch (quadratic in the tasks).
      for (q, more) in o.units { units[q, default: []].append(contentsOf: more) }
      for (q, byLabel) in o.labelCoincidences {
        for (label, c) in byLabel {
          labelCoincidences[q, default: [:]][label, default: Statistics.Coincidences()].merge(c)
        }
      }
      for (q, t) in o.tau {
        tau[q, default: (0, 0)].sum += t.sum
        tau[q, default: (0, 0)].count += t.count
      }
      priorPairs.merge(o.priorPairs, uniquingKeysWith: +)
    }

    /// The report from the counts of every task.
    package func report(_ root: URL) throws -> AgreementReport {
      var report = AgreementReport()
      report.priorTasks = priorTasks
      for id in questionOrder {
        guard var f = figures[id] else { continue }
        f.annotators = raters[id]?.count(where: { $0 }) ?? 0
        if let u = units[id] {
          let pairable = u.filter { $0.count >= 2 }
          switch f.measure {
          case .scale:
            f.units = pairable.count
            f.alphaUnits = pairable
            for level in [Statistics.Level.ordinal, .interval] {
              f.alpha[level] = Statistics.alpha(pairable, level: level)
            }
          case .nominal:
            f.units = pairable.count
            f.alphaUnits = pairable
            f.alpha[.nominal] = Statistics.alpha(pairable, level: .nominal)
          case .perLabel:
            f.units = u.count
            for (label, counted) in labelCoincidences[id] ?? [:] {
              f.labelAlpha[label] = counted.alpha(level: .nominal)
            }
          case .pairwise, .none:
            // Pairwise counts are summed per unit as they are read; free text has no figure.
            break
          }
        }
        if let t = tau[id], t.count > 0 { f.kendallTauB = t.sum / Double(t.count) }
        if let p = priorPairs[id] { f.withPrior = (f.pairwise ?? Statistics.Pairwise()) + p }
        guard f.units > 0 else { continue }
        report.questions.append(f)
      }
      for (i, var f) in perAnnotator.enumerated() where f.submitted > 0 {
        let s = seconds[i].sorted()
        if !s.isEmpty { f.medianSeconds = Consensus.median(s) }
        report.annotators.append(f)
      }
      report.reviewers = try AgreementReport.reviewerFigures(root)
      for x in names.indices {
        for y in names.indices where x < y && pairMatrix[x * names.count + y].total > 0 {
          report.pairs["\(names[x])|\(names[y])"] = pairMatrix[x * names.count + y]
        }
      }
      return report
    }
  }
}

extension AgreementReport.AnnotatorFigures {
  /// Adds the counts of the same annotator's later tasks (the median is taken at the end).
  mutating func add(_ o: Self) {
    submitted += o.submitted
    blind += o.blind
    agreement = agreement + o.agreement
    goldRight += o.goldRight
    goldTrials += o.goldTrials
    firstShownWins += o.firstShownWins
    firstShownTrials += o.firstShownTrials
    longerWins += o.longerWins
    lengthTrials += o.lengthTrials
    withPrior = withPrior + o.withPrior
  }
}

extension AgreementReport.QuestionFigures {
  /// Adds what later tasks counted while they were read (the rest is computed at the end).
  mutating func add(_ o: Self) {
    units += o.units
    if let p = o.pairwise { pairwise = (pairwise ?? Statistics.Pairwise()) + p }
    unitPairwise += o.unitPairwise
    for (pair, byValue) in o.confusion {
      for (x, byOther) in byValue {
        for (y, n) in byOther { confusion[pair, default: [:]][x, default: [:]][y, default: 0] += n }
      }
    }
  }
}
