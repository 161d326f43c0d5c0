/// What Discord counts a request against: the route's bucket (its `X-RateLimit-Bucket` hash once
/// learned, the endpoint until then) plus the route's top-level resource.
/// https://discord.com/developers/docs/topics/rate-limits#header-format
public struct RateLimitKey: Sendable, Hashable, CustomStringConvertible {
    public enum Bucket: Sendable, Hashable {
        /// Learned from `X-RateLimit-Bucket`.
        case hash(String)
        /// Not learned yet: method + template.
        case endpoint(String)
    }

    public var bucket: Bucket
    public var major: MajorParameter?

    public init(bucket: Bucket, major: MajorParameter?) {
        self.bucket = bucket
        self.major = major
    }

    /// The key of a single-use route (`Route.isSingleUse`).
    var isSingleUse: Bool { major?.isSingleUse == true }

    /// Never prints a webhook or interaction token.
    public var description: String {
        let bucketText =
            switch bucket {
            case .hash(let hash): hash
            case .endpoint(let endpoint): endpoint
            }
        return major.map { "\(bucketText)|\($0)" } ?? bucketText
    }
}
