/// OpenCV builds its CIE L*a*b* lookup tables on the process's first BGR → Lab conversion,
/// in software floating point (the same tables on every CPU): about 90 ms on one core
/// here, which the first image's quality check would otherwise pay. The pipeline has them
/// built while it loads its models, once per process.
enum ColourTables {
    /// Built on first read; later reads cost nothing.
    static let prepared: Bool = {
        guard let pixel = try? Image.blank(width: 1, height: 1, channels: 3) else { return false }
        return (try? pixel.converted(.bgrToLab)) != nil
    }()
}
