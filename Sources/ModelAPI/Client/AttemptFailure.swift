import Talk

/// Why one attempt failed, and whether and when the call may try again.
struct AttemptFailure: Error {
    enum Retry {
        case no
        /// After the policy's jittered backoff.
        case backoff
        /// After the wait the provider asked for.
        case after(Duration)
    }

    var error: ChatModelError
    var retry: Retry
    /// The HTTP status, for the log line (nil: no answer).
    var status: Int?
}

/// An error `onText` threw: it ends the call and reaches the caller unchanged.
struct CallerError: Error {
    let underlying: any Error
}
