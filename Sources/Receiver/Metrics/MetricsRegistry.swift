import Foundation
import Synchronization

/// In-memory counters and histograms for `/metrics` (Prometheus text exposition format,
/// https://prometheus.io/docs/instrumenting/exposition_formats/).
///
/// Recording is one short critical section per request. Handlers run on the HTTP server's
/// single event-loop thread, so the lock is effectively never contended; values that live in
/// the database (users, teams, parked operations, reconcile runs) are read at scrape time
/// instead of being counted here.
public final class MetricsRegistry: Sendable {
    /// Upper bounds (seconds) of the latency histogram buckets.
    public static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// A label set, in a fixed order.
    public typealias Labels = [(String, String)]

    /// A series: its name and labels, hashed in place (no per-request string building).
    private struct Key: Hashable {
        let name: String
        let labels: Labels

        init(_ name: String, _ labels: Labels) {
            self.name = name
            self.labels = labels
        }

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.name == rhs.name && lhs.labels.count == rhs.labels.count
                && zip(lhs.labels, rhs.labels).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            for (label, value) in labels {
                hasher.combine(label)
                hasher.combine(value)
            }
        }
    }

    /// The series of one answered request, hashed without building label arrays (this is
    /// recorded for every request; the labels are built only when `/metrics` is scraped).
    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int

        /// The exposition labels, in the order `recordRequest` documents.
        var labels: Labels { [("route", route), ("method", method), ("status", String(status))] }
    }

    private struct Histogram {
        var buckets: [Int]
        var count = 0
        var sum = 0.0

        mutating func record(_ bucket: Int, _ seconds: Double) {
            buckets[bucket] += 1
            count += 1
            sum += seconds
        }

        /// Adds another histogram's observations (same bucket bounds).
        mutating func add(_ other: Histogram) {
            for index in buckets.indices { buckets[index] += other.buckets[index] }
            count += other.count
            sum += other.sum
        }
    }

    private static let emptyBuckets = Array(repeating: 0, count: latencyBuckets.count + 1)

    /// The histogram bucket a duration falls in (the last one is `+Inf`).
    private static func bucket(for seconds: Double) -> Int {
        latencyBuckets.firstIndex { seconds <= $0 } ?? latencyBuckets.count
    }

    /// The name the per-request counter of ``recordRequest(route:method:status:seconds:)`` is exposed under.
    static let requestsMetric = "roster_http_requests_total"
    /// The name its per-route latency histogram is exposed under.
    static let durationMetric = "roster_http_request_duration_seconds"

    private struct State {
        var counters: [Key: (labels: Labels, value: Int)] = [:]
        var histograms: [Key: (labels: Labels, value: Histogram)] = [:]
        /// ``recordRequest(route:method:status:seconds:)``'s counts, merged into `counters` at scrape.
        var requests: [RequestKey: Int] = [:]
        /// Its latencies by route, merged into `histograms` at scrape.
        var requestDurations: [String: Histogram] = [:]

        /// `counters` and `histograms` with the per-request tables folded in, so a series fed by
        /// both paths is exposed once.
        func merged() -> (counters: [Key: (labels: Labels, value: Int)], histograms: [Key: (labels: Labels, value: Histogram)]) {
            var counters = counters
            for (request, value) in requests {
                let labels = request.labels
                counters[Key(MetricsRegistry.requestsMetric, labels), default: (labels, 0)].value += value
            }
            var histograms = histograms
            for (route, histogram) in requestDurations {
                let labels: Labels = [("route", route)]
                histograms[Key(MetricsRegistry.durationMetric, labels), default: (labels, Histogram(buckets: MetricsRegistry.emptyBuckets))]
                    .value.add(histogram)
            }
            return (counters, histograms)
        }
    }

    private let state = Mutex(State())
    /// Counters kept by their owners (in atomics), read at scrape time.
    private let sources = Mutex<[(name: String, labels: Labels, read: @Sendable () -> Int)]>([])

    /// Creates an empty registry.
    public init() {}

    /// Adds `amount` to counter `name` with `labels`.
    public func increment(_ name: String, _ labels: Labels, by amount: Int = 1) {
        let key = Key(name, labels)
        state.withLock { state in
            state.counters[key, default: (labels, 0)].value += amount
        }
    }

    /// Records `seconds` in histogram `name` with `labels`.
    public func observe(_ name: String, _ labels: Labels, seconds: Double) {
        let key = Key(name, labels)
        let index = Self.bucket(for: seconds)
        state.withLock { state in
            // Mutated in place: copying the entry out and back would copy its bucket array.
            state.histograms[key, default: (labels, Histogram(buckets: Self.emptyBuckets))].value.record(index, seconds)
        }
    }

    /// Records one answered request: `roster_http_requests_total{route,method,status}` and
    /// `roster_http_request_duration_seconds{route}`, under one lock (this runs for every request).
    public func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        let key = RequestKey(route: route, method: method, status: status)
        let index = Self.bucket(for: seconds)
        state.withLock { state in
            state.requests[key, default: 0] += 1
            // Mutated in place: copying the histogram out and back would copy its bucket array.
            state.requestDurations[route, default: Histogram(buckets: Self.emptyBuckets)].record(index, seconds)
        }
    }

    /// Exposes counter `name` with `labels`, whose value `read` returns at each scrape: for hot
    /// paths that count in an atomic of their own rather than take this registry's lock.
    public func addSource(_ name: String, _ labels: Labels, _ read: @escaping @Sendable () -> Int) {
        sources.withLock { $0.append((name, labels, read)) }
    }

    /// The current value of a counter (tests).
    public func counter(_ name: String, _ labels: Labels) -> Int {
        let key = Key(name, labels)
        return snapshot().counters[key]?.value ?? 0
    }

    /// Every counter and histogram: the recorded ones, merged, plus the sources' counters.
    private func snapshot() -> (
        counters: [Key: (labels: Labels, value: Int)], histograms: [Key: (labels: Labels, value: Histogram)]
    ) {
        var snapshot = state.withLock { $0 }.merged()
        for source in sources.withLock({ $0 }) {
            snapshot.counters[Key(source.name, source.labels), default: (source.labels, 0)].value += source.read()
        }
        return snapshot
    }

    /// Writes every counter and histogram. `help` gives the `# HELP` text per metric name.
    func write(into text: inout PrometheusText, help: [String: String]) {
        let snapshot = snapshot()
        var byName: [String: [(Labels, Int)]] = [:]
        for (key, entry) in snapshot.counters { byName[key.name, default: []].append((entry.labels, entry.value)) }
        for name in byName.keys.sorted() {
            text.header(name, type: "counter", help: help[name] ?? name)
            for (labels, value) in byName[name]!.sorted(by: { Self.order($0.0, $1.0) }) {
                text.sample(name, labels, Double(value))
            }
        }
        var histogramsByName: [String: [(Labels, Histogram)]] = [:]
        for (key, entry) in snapshot.histograms {
            histogramsByName[key.name, default: []].append((entry.labels, entry.value))
        }
        for name in histogramsByName.keys.sorted() {
            text.header(name, type: "histogram", help: help[name] ?? name)
            for (labels, histogram) in histogramsByName[name]!.sorted(by: { Self.order($0.0, $1.0) }) {
                var cumulative = 0
                for (index, bound) in Self.latencyBuckets.enumerated() {
                    cumulative += histogram.buckets[index]
                    text.sample(name + "_bucket", labels + [("le", PrometheusText.format(bound))], Double(cumulative))
                }
                text.sample(name + "_bucket", labels + [("le", "+Inf")], Double(histogram.count))
                text.sample(name + "_sum", labels, histogram.sum)
                text.sample(name + "_count", labels, Double(histogram.count))
            }
        }
    }

    private static func order(_ lhs: Labels, _ rhs: Labels) -> Bool {
        lhs.map { $0.0 + "=" + $0.1 }.joined(separator: ",") < rhs.map { $0.0 + "=" + $0.1 }.joined(separator: ",")
    }
}
