import Foundation

/// Decodes `application/x-www-form-urlencoded` with Foundation's percent decoding: written apart
/// from StripeAPI's encoder on purpose, so a bug there is not mirrored here.
enum FormBody {
    /// Nil when a pair has a broken escape or the bytes are not UTF-8.
    static func decode(_ text: String) -> [(key: String, value: String)]? {
        var pairs: [(key: String, value: String)] = []
        for part in text.split(separator: "&") {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ raw: Substring) -> String? {
                String(raw).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let key = decoded(halves[0]), let value = decoded(halves.count > 1 ? halves[1] : "") else { return nil }
            pairs.append((key, value))
        }
        return pairs
    }
}
