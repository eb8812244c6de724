import Foundation
import HTTPServer
import Receiver
import Store

/// `/healthz` and `/readyz`: no token and no tenant data (design.md "HTTP surface").
enum OpsRoutes {
    /// Registers the ops routes on `router`.
    static func register(on router: inout Router, database: Database, metrics: MetricsRegistry) {
        // Prometheus scrape target: counts only, no token, no personal data.
        let endpoint = MetricsEndpoint(registry: metrics, database: database)
        router.add(.get, "/metrics") { _, _ in await endpoint.respond() }
        // Liveness: the process is up and answering.
        let health: RouteHandler = { _, _ in
            HTTPResponse.json(.ok, Array(#"{"status":"ok"}"#.utf8))
        }
        router.add(.get, "/healthz", health)
        router.add(.head, "/healthz", health)
        // Readiness: the database accepts a write transaction right now (BEGIN IMMEDIATE), so a
        // load balancer stops sending pushes while the disk is full or the file locked.
        let ready: RouteHandler = { _, _ in
            if await database.isWritable() {
                return HTTPResponse.json(.ok, Array(#"{"status":"ready"}"#.utf8))
            }
            return HTTPResponse.json(
                .serviceUnavailable, Array(#"{"status":"unavailable","reason":"database is not writable"}"#.utf8))
        }
        router.add(.get, "/readyz", ready)
        router.add(.head, "/readyz", ready)
    }
}
