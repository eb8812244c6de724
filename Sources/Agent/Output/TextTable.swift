/// A plain-text table with left-aligned columns, for admin commands' human output.
struct TextTable {
    /// Column titles.
    let headers: [String]
    /// Rows; each has as many cells as there are headers.
    var rows: [[String]] = []

    /// Renders the table with two spaces between columns; an empty table prints a `(none)` line.
    func render() -> String {
        guard !rows.isEmpty else { return headers.joined(separator: "  ") + "\n(none)\n" }
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                text += isLast ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            return text + "\n"
        }
        return line(headers) + rows.map(line).joined()
    }
}
