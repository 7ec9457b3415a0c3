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

    func render(style: Style = .current) -> String {
        var widths = columns.map { $0.title.displayWidth }
        for row in rows {
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
        return ([header] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    /// Columns the text takes in a terminal (one per Unicode scalar that is not a combining mark).
    var displayWidth: Int {
        unicodeScalars.filter { !$0.properties.isGraphemeExtend && $0.value != 0x200D }.count
    }
}
