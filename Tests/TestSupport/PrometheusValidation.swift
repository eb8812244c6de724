/// A strict-enough check of the text exposition format: every sample belongs to the family
/// announced by the latest `# TYPE`, families are not repeated, names and labels are well-formed
/// and values parse.
public enum PrometheusValidation {
    /// Why the document is not valid.
    public struct Invalid: Error, CustomStringConvertible {
        /// The problem.
        public let description: String
    }

    /// Throws ``Invalid`` for the first problem found.
    public static func validate(_ text: String) throws {
        var seen = Set<String>()
        var current: (name: String, type: String)?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram"].contains(parts[3]) else {
                    throw Invalid(description: "bad TYPE line: \(line)")
                }
                guard seen.insert(String(parts[2])).inserted else { throw Invalid(description: "family repeated: \(line)") }
                current = (String(parts[2]), String(parts[3]))
                continue
            }
            guard let family = current else { throw Invalid(description: "sample before TYPE: \(line)") }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            let allowed =
                family.type == "histogram"
                ? [family.name + "_bucket", family.name + "_sum", family.name + "_count"] : [family.name]
            guard allowed.contains(name) else { throw Invalid(description: "sample \(name) outside its family \(family.name)") }
            guard let valueText = line.split(separator: " ").last,
                Double(valueText) != nil || ["+Inf", "-Inf", "NaN"].contains(String(valueText))
            else { throw Invalid(description: "bad value: \(line)") }
        }
    }
}
