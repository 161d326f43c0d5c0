import Foundation

/// An image that passed the checks: a known format by magic bytes, within the byte limit, with
/// header dimensions within the pixel limits (and, for a PNG, a well-formed structure).
public struct PackImage: Sendable, Hashable {
    public let data: Data
    public let format: ImageFormat
    public let width: Int
    public let height: Int

    /// Checks `data` against `limits`; errors name `file`.
    public init(validating data: Data, file: String, limits: PackLimits) throws(PackImportError) {
        guard data.count <= limits.maxImageBytes else {
            throw PackImportError(file: file, .tooManyBytes(data.count, limit: limits.maxImageBytes))
        }
        let bytes = ByteView(data: data)
        guard let format = ImageFormat.sniff(bytes) else {
            throw PackImportError(file: file, .unsupportedImageFormat)
        }
        let size = try ImageHeader.dimensions(bytes, format: format, file: file)
        try self.init(data: data, format: format, width: size.width, height: size.height, file: file, limits: limits)
    }

    /// A PNG already parsed (a PNG card): only the limits are checked.
    init(png data: Data, parsed: PNGFile, file: String, limits: PackLimits) throws(PackImportError) {
        guard data.count <= limits.maxImageBytes else {
            throw PackImportError(file: file, .tooManyBytes(data.count, limit: limits.maxImageBytes))
        }
        try self.init(data: data, format: .png, width: parsed.width, height: parsed.height, file: file, limits: limits)
    }

    private init(
        data: Data, format: ImageFormat, width: Int, height: Int, file: String, limits: PackLimits
    ) throws(PackImportError) {
        guard width <= limits.maxImageWidth, height <= limits.maxImageHeight else {
            throw PackImportError(
                file: file,
                .tooManyPixels(width: width, height: height, maxWidth: limits.maxImageWidth, maxHeight: limits.maxImageHeight)
            )
        }
        self.data = data
        self.format = format
        self.width = width
        self.height = height
    }
}
