import Core
import Store

extension PlanJSON {
    /// Appends `action` with its outcome as JSON, byte for byte what
    /// `action(_:outcome:).serialized()` gives (keys in ascending order), without building the
    /// intermediate tree: a first full sync plans 300,000 actions.
    public static func write(_ action: PlanAction, outcome: ActionOutcome?, into output: inout [UInt8]) {
        output.append(contentsOf: #"{"drift":"#.utf8)
        JSONValue.writeString(action.attribution.rawValue, into: &output)
        output.append(contentsOf: #","kind":"#.utf8)
        JSONValue.writeString(action.kind.rawValue, into: &output)
        if let outcome {
            output.append(contentsOf: #","outcome":"#.utf8)
            JSONValue.writeString(outcome.rawValue, into: &output)
        }
        output.append(contentsOf: #","reason":"#.utf8)
        JSONValue.writeString(action.reason, into: &output)
        output.append(contentsOf: #","subject":"#.utf8)
        JSONValue.writeString(action.subjectID, into: &output)
        if let team = action.teamName {
            output.append(contentsOf: #","team":"#.utf8)
            JSONValue.writeString(team, into: &output)
        }
        if let user = action.userID {
            output.append(contentsOf: #","user":"#.utf8)
            JSONValue.writeString(user, into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// The plan as the JSON array runs recorded before migration `0008-run-actions` hold in
    /// `reconcile_runs.plan`: the same text as serialising `action(_:outcome:)` of each pair,
    /// built in one exactly sized string (``byteCount(_:outcome:)`` sizes it first).
    ///
    /// No run writes it any more (its actions are rows, see ``Reconciler``); it stays as the
    /// definition of that older format, which tests use to build old-format runs.
    public static func plan(_ actions: [PlanAction], outcomes: [ActionOutcome]) -> String {
        let pairs = zip(actions, outcomes)
        var total = 2
        for (position, (action, outcome)) in pairs.enumerated() {
            total += byteCount(action, outcome: outcome) + (position > 0 ? 1 : 0)
        }
        var scratch: [UInt8] = []
        scratch.reserveCapacity(1024)
        var written = 0
        let text = String(unsafeUninitializedCapacity: total) { buffer in
            func put(_ bytes: [UInt8]) {
                guard written + bytes.count <= buffer.count else {
                    written = buffer.count + 1  // does not fit: the count was wrong, see below
                    return
                }
                _ = UnsafeMutableBufferPointer(rebasing: buffer[written...]).initialize(from: bytes)
                written += bytes.count
            }
            put([UInt8(ascii: "[")])
            for (position, (action, outcome)) in pairs.enumerated() {
                scratch.removeAll(keepingCapacity: true)
                if position > 0 { scratch.append(UInt8(ascii: ",")) }
                write(action, outcome: outcome, into: &scratch)
                put(scratch)
            }
            put([UInt8(ascii: "]")])
            return min(written, buffer.count)
        }
        guard written == total else {
            // Unreachable while byteCount mirrors write (tested); never store a truncated plan.
            assertionFailure("PlanJSON.byteCount disagrees with PlanJSON.write")
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            for (position, (action, outcome)) in pairs.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                write(action, outcome: outcome, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
            return String(decoding: bytes, as: UTF8.self)
        }
        return text
    }

    /// The number of bytes ``write(_:outcome:into:)`` appends for `action`, computed without
    /// writing them.
    static func byteCount(_ action: PlanAction, outcome: ActionOutcome?) -> Int {
        var count = #"{"drift":,"kind":,"reason":,"subject":}"#.utf8.count
        count += quotedCount(action.attribution.rawValue) + quotedCount(action.kind.rawValue)
        count += quotedCount(action.reason) + quotedCount(action.subjectID)
        if let outcome { count += #","outcome":"#.utf8.count + quotedCount(outcome.rawValue) }
        if let team = action.teamName { count += #","team":"#.utf8.count + quotedCount(team) }
        if let user = action.userID { count += #","user":"#.utf8.count + quotedCount(user) }
        return count
    }

    /// The length of `text` as ``JSONValue/writeString(_:into:)`` writes it: quotes, two-byte
    /// escapes for `"`, `\` and `\b \f \n \r \t`, six bytes for the other C0 controls.
    static func quotedCount(_ text: String) -> Int {
        var count = 2
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x09, 0x0A, 0x0C, 0x0D: count += 2
            case 0..<0x20: count += 6
            default: count += 1
            }
        }
        return count
    }

    /// Writes ``result(_:)`` as JSON in pieces of about `chunkBytes` bytes, handing each to
    /// `emit`: the concatenation is byte for byte `result(_:).serializedString()`, but the
    /// actions are never held as a tree nor as one string.
    public static func writeResult(_ result: ReconcileRunResult, chunkBytes: Int = 1 << 16, emit: (String) -> Void) {
        var output: [UInt8] = []
        output.reserveCapacity(chunkBytes + 1024)
        func flush(ifAbove threshold: Int) {
            guard output.count > threshold else { return }
            emit(String(decoding: output, as: UTF8.self))
            output.removeAll(keepingCapacity: true)
        }
        output.append(contentsOf: #"{"actions":["#.utf8)
        for (position, (action, outcome)) in zip(result.actions, result.outcomes).enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            write(action, outcome: outcome, into: &output)
            flush(ifAbove: chunkBytes)
        }
        output.append(UInt8(ascii: "]"))
        // The other keys are small: serialised through the tree, in ascending order. Every one
        // sorts after "actions", which is why the actions come first.
        let summary = summary(result)
        for key in summary.keys.sorted() {
            assert(key > "actions", "PlanJSON.summary key \(key) would sort before \"actions\"")
            output.append(UInt8(ascii: ","))
            JSONValue.writeString(key, into: &output)
            output.append(UInt8(ascii: ":"))
            JSONValue.write(summary[key]!, into: &output)
        }
        output.append(UInt8(ascii: "}"))
        flush(ifAbove: 0)
    }
}
