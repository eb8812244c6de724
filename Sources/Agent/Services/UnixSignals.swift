import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Delivers Unix signals as an async sequence (the swift-service-lifecycle
/// `UnixSignalsSequence` idea, without the package).
///
/// The default disposition of each signal is set to ignore first, so the process is not killed
/// before the `DispatchSource` sees it; dispatch then reports the signal on its queue.
enum UnixSignals {
    /// A stream yielding each of `signals` as it arrives.
    static func stream(_ signals: [Int32]) -> AsyncStream<Int32> {
        AsyncStream { continuation in
            let queue = DispatchQueue(label: "roster.signals")
            let sources = signals.map { number -> any DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            }
            let holder = SourceHolder(sources: sources)
            continuation.onTermination = { _ in holder.cancel() }
        }
    }

    /// Keeps the sources alive until the stream ends.
    /// `@unchecked Sendable`: the array is never mutated after init, and `DispatchSource.cancel()`
    /// is thread-safe.
    private final class SourceHolder: @unchecked Sendable {
        let sources: [any DispatchSourceSignal]
        init(sources: [any DispatchSourceSignal]) { self.sources = sources }
        func cancel() { sources.forEach { $0.cancel() } }
    }
}
