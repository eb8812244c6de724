import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A well-behaved HTTP client (Foundation's URLSession, libcurl underneath) for happy-path live
/// tests; malformed or slow input uses a raw socket client instead.
public enum HTTPFetch {
    /// A response as the tests need it.
    public struct Response: Sendable {
        /// Status code.
        public let status: Int
        /// Header fields with lowercased names.
        public let headers: [String: String]
        /// Body bytes as text.
        public let body: String
    }

    /// Sends one request and returns its response.
    public static func send(
        _ method: String = "GET", _ url: String, headers: [String: String] = [:], body: Data? = nil,
        timeout: TimeInterval = 10
    ) async throws -> Response {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                    return
                }
                let http = response as! HTTPURLResponse
                var fields: [String: String] = [:]
                for (name, value) in http.allHeaderFields {
                    fields[String(describing: name).lowercased()] = String(describing: value)
                }
                continuation.resume(
                    returning: Response(
                        status: http.statusCode, headers: fields, body: String(decoding: data ?? Data(), as: UTF8.self)))
            }.resume()
        }
    }
}
