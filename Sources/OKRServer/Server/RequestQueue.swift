import NIOCore
import OKRWire

/// The lines of one connection from read to answered: those waiting their turn, and the answers
/// of those started, written back in the order the lines came. Numbers are given as lines start;
/// an answer is written once every line before it is answered.
struct RequestQueue {
    /// A line waiting its turn: a request, or an answer already known (a too-long line's error).
    enum Line {
        case request(RPCIncoming)
        case answer([UInt8])
    }

    private(set) var waiting = CircularBuffer<Line>()
    /// Answers that are ready, by line number (`nil`: a notification, nothing to write).
    private var ready: [Int: [UInt8]?] = [:]
    private var nextNumber = 0
    private var nextToWrite = 0
    /// Whether a request runs alone (anything but a submitted `observe`): nothing starts behind it.
    var aloneRunning = false
    /// Whether the registry was told the connection has work (``ConnectionRegistry/begin(_:)``).
    var active = false

    /// Lines started and not yet written.
    var outstanding: Int { nextNumber - nextToWrite }
    /// Lines read and not yet answered, waiting or started.
    var held: Int { waiting.count + outstanding }
    /// Nothing waits, nothing runs.
    var isIdle: Bool { waiting.isEmpty && outstanding == 0 }

    mutating func append(_ line: Line) { waiting.append(line) }

    /// Takes the first waiting line and numbers it.
    mutating func start() -> (line: Line, number: Int) {
        let line = waiting.removeFirst()
        defer { nextNumber += 1 }
        return (line, nextNumber)
    }

    /// Records line `number`'s answer.
    mutating func answer(_ number: Int, _ answer: [UInt8]?) { ready[number] = .some(answer) }

    /// The answers next in line, in order, and how many lines they settle (notifications settle
    /// a line with nothing to write).
    mutating func takeAnswers() -> (answers: [[UInt8]], settled: Int) {
        var answers: [[UInt8]] = []
        var settled = 0
        while let answer = ready.removeValue(forKey: nextToWrite) {
            if let answer { answers.append(answer) }
            nextToWrite += 1
            settled += 1
        }
        return (answers, settled)
    }

    /// Forgets every line started: the connection now streams (`log.follow`).
    mutating func settleAll() {
        nextToWrite = nextNumber
        ready.removeAll()
    }
}
