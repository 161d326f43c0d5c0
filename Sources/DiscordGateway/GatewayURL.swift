/// Builds the gateway connection URL: the base (`url` from `GET /gateway/bot`, or a session's
/// `resume_gateway_url`) with the query `v=10&encoding=json[&compress=…]`. Resuming uses the same
/// query on the resume URL, as Discord requires.
///
/// https://discord.com/developers/docs/events/gateway#connecting
public enum GatewayURL {
    public static let apiVersion = 10

    public static func make(base: String, compression: GatewayCompression) -> String {
        var base = base
        if let query = base.firstIndex(of: "?") { base = String(base[..<query]) }
        if let scheme = base.range(of: "://") {
            let afterHost = base[scheme.upperBound...]
            if !afterHost.contains("/") { base += "/" }
        }
        var query = "v=\(apiVersion)&encoding=json"
        if let compress = compression.queryValue { query += "&compress=\(compress)" }
        return base + "?" + query
    }
}
