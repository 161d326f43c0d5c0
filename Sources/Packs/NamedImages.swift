import Foundation

/// The images a pack file names, looked up among the files supplied with it: each file is checked
/// once however many characters name it, and the distinct files together stay within
/// `maxPackImageBytes`.
struct NamedImages {
    let files: [String: Data]
    /// The manifest's name, for errors about the names it gives.
    let file: String
    let limits: PackLimits
    private var checked: [String: PackImage] = [:]
    private var totalBytes = 0

    init(files: [String: Data], file: String, limits: PackLimits) {
        self.files = files
        self.file = file
        self.limits = limits
    }

    /// The image `name` (a field of the manifest at `path`), checked against the limits.
    mutating func image(named name: String, path: String) throws(PackImportError) -> PackImage {
        try ResourceName.check(name, path: path, file: file, limits: limits)
        if let image = checked[name] { return image }
        guard let data = files[name] else {
            throw PackImportError(file: file, path: path, .fileNotSupplied(name))
        }
        let image = try PackImage(validating: data, file: name, limits: limits)
        totalBytes += data.count
        guard totalBytes <= limits.maxPackImageBytes else {
            throw PackImportError(
                file: file, path: path, .packImagesTooLarge(totalBytes, limit: limits.maxPackImageBytes)
            )
        }
        checked[name] = image
        return image
    }
}
