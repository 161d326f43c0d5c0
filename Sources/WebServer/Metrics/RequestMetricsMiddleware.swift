import HTTPTypes
import Hummingbird

/// Counts every request by route template, method and status, and times it. A handler's thrown
/// HTTP error (404 for an unknown path, 413 from the body cap) is counted with its status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: WebMetrics

    // `@concurrent`: Hummingbird is built without NonisolatedNonsendingByDefault.
    @concurrent func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(request, context, status: status, start: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        // Hummingbird names the not-found responder's path "NotFound"; no route of ours has that name.
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        metrics.recordRequest(
            route: route, method: request.method.rawValue, status: status,
            nanoseconds: nanoseconds)
    }
}
