import OKRPages

/// An aligned text table: columns padded to their widest cell, numbers right-aligned.
struct Table {
    enum Alignment { case left, right }

    struct Column {
        var title: String
        var alignment: Alignment = .left
    }

    var columns: [Column]
    /// Each row's plain cells and, optionally, the styled text to print in their place.
    private var rows: [[(plain: String, styled: String)]] = []

    init(_ columns: [Column]) { self.columns = columns }

    init(_ titles: String...) { self.columns = titles.map { Column(title: $0) } }

    mutating func add(_ cells: [String]) { rows.append(cells.map { ($0, $0) }) }

    /// Adds a row whose cells carry colour; widths are measured on the plain text.
    mutating func add(styled cells: [(plain: String, styled: String)]) { rows.append(cells) }

    var isEmpty: Bool { rows.isEmpty }

    /// Renders the table. A cell with several lines (a check-in note) takes as many lines of
    /// its row, each further line indented to its column; tabs become spaces.
    func render(style: Style = .current) -> String {
        let physicalRows = rows.flatMap(Self.physicalLines)
        var widths = columns.map { $0.title.displayWidth }
        for row in physicalRows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.plain.displayWidth)
            }
        }
        func line(_ cells: [(plain: String, styled: String)]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() where index < columns.count {
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.plain.displayWidth))
                let last = index == columns.count - 1
                switch columns[index].alignment {
                case .left: parts.append(last ? cell.styled : cell.styled + padding)
                case .right: parts.append(padding + cell.styled)
                }
            }
            return parts.joined(separator: "  ")
        }
        let header = line(columns.map { ($0.title, style.bold($0.title)) })
        return ([header] + physicalRows.map(line)).joined(separator: "\n")
    }

    /// A row as the lines it prints as: one unless a cell holds a line feed.
    private static func physicalLines(_ row: [(plain: String, styled: String)]) -> [[(plain: String, styled: String)]] {
        guard row.contains(where: { $0.plain.utf8.contains(0x0A) || $0.plain.utf8.contains(0x09) }) else { return [row] }
        let split = row.map { cell -> [(plain: String, styled: String)] in
            guard cell.plain.utf8.contains(0x0A) || cell.plain.utf8.contains(0x09) else { return [cell] }
            return cell.plain.replacing("\t", with: "    ").split(separator: "\n", omittingEmptySubsequences: false)
                .map { (String($0), String($0)) }
        }
        let count = split.map(\.count).max() ?? 1
        return (0..<count).map { line in split.map { line < $0.count ? $0[line] : ("", "") } }
    }
}

extension String {
    /// Columns the text takes in a terminal (one per Unicode scalar that is not a combining mark).
    var displayWidth: Int {
        unicodeScalars.filter { !$0.properties.isGraphemeExtend && $0.value != 0x200D }.count
    }
}
