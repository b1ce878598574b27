import Foundation

/// The person in the master, for the crown and the quality measures' background region: a
/// head-and-shoulders window of the master, reduced so the face is the matting's working
/// width, is cut out as background replacement cuts each photo (`WorkingCutout`), so loose
/// hair above the head counts towards the crown as it shows in the photos. GrabCut's head
/// mask (`PersonSegmenter`) stands in when the backdrop is too busy to cut out, or when the
/// cut-out's crown falls well below the head mask's (hair as dark as the backdrop, lost by
/// the cut-out); the head's width stays the head mask's (below).
public struct PersonCutoutSegmenter: Sendable {
    let settings: BackgroundReplacer
    let headMasks = PersonSegmenter()
    /// One GrabCut round, as for the head mask: on the shared portraits the crowns the two
    /// give are those of two rounds each (one within 1 % of a face width), for about a
    /// quarter less time on one core (the photos' own cut-outs keep three).
    let cutouts = CutoutSegmenter(iterations: 1)

    /// The window around the face, in face widths: beside the face centre (a little wider
    /// than the widest spec's crop, so the border shows what the photos' borders show),
    /// above the eyes (tall hair) and below the chin (neck and shoulders).
    static let halfWidth = 1.1, aboveEyes = 1.9, belowChin = 0.9

    public init(settings: BackgroundReplacer) { self.settings = settings }

    public struct Segmentation: Sendable {
        public var mask: PersonMask
        public var crown: HeadOutline?
    }

    public func segment(_ image: Image, landmarks: FaceLandmarks) throws -> Segmentation {
        // Both masks work with the face `workingFaceWidth` wide: one reduction of the window
        // they share serves both (on a 12 MP master the reduction is most of their cost).
        let region = FaceWindow.around(landmarks, halfWidth: max(Self.halfWidth, PersonSegmenter.halfWidth), aboveEyes: Self.aboveEyes,
                                       belowChin: Self.belowChin, in: image.size)
        guard region.width > 16, region.height > 16 else {
            return try segment(reduced: image, landmarks: landmarks, toReduced: .identity, atImageTop: true)
        }
        let (reduced, toReduced, covered) = try FaceWindow.reduce(image, region: region,
                                                                 scale: min(1, settings.workingFaceWidth / landmarks.faceWidth))
        return try segment(reduced: reduced, landmarks: landmarks, toReduced: toReduced, atImageTop: covered.y == 0)
    }

    /// Segments `reduced` (the master, or a window of it mapped by `toReduced`) and gives
    /// masks and crown in the master's coordinates.
    private func segment(reduced: Image, landmarks: FaceLandmarks, toReduced: AffineTransform, atImageTop: Bool) throws -> Segmentation {
        let local = landmarks.transformed(by: toReduced)
        func inMaster(_ mask: PersonMask) -> PersonMask { mask.seen(from: toReduced, touchingImageTop: mask.touchesImageTop && atImageTop) }
        let cutout = try cutOut(reduced, landmarks: local).map(inMaster)
        let crown = cutout.flatMap { HeadOutlineFinder.find(in: $0, landmarks: landmarks) }
        // The head mask checks that the cut-out kept the hair.
        let headMask = inMaster(try headMasks.segment(reduced, landmarks: local))
        let headCrown = HeadOutlineFinder.find(in: headMask, landmarks: landmarks)
        if let cutout, var crown {
            let lostHair = headCrown.map { $0.heightAboveEyes - crown.heightAboveEyes > BackgroundReplacer.crownLoss * landmarks.faceWidth } ?? false
            if !lostHair {
                // The head's width stays the head mask's, which the specs' head-width rules
                // were set against: the cut-out also takes in loose hair hanging beside the ears.
                if let headCrown { crown.widthAtEars = headCrown.widthAtEars }
                return Segmentation(mask: cutout, crown: crown)
            }
        }
        return Segmentation(mask: headMask, crown: headCrown)
    }

    /// The cut-out person as a mask over a window of `image`, or nil when the window's
    /// backdrop could not be separated.
    func cutOut(_ image: Image, landmarks: FaceLandmarks) throws -> PersonMask? {
        let region = window(around: landmarks, in: image.size)
        guard region.width > 16, region.height > 16 else { return nil }
        let (reduced, toMask, covered) = try FaceWindow.reduce(image, region: region,
                                                              scale: min(1, settings.workingFaceWidth / landmarks.faceWidth))
        let w = reduced.width, h = reduced.height
        guard case let .cut(cutout) = try WorkingCutout.make(reduced, landmarks: landmarks.transformed(by: toMask),
                                                             covered: .init(repeating: true, count: w * h), settings: settings,
                                                             segmenter: cutouts),
              cutout.work.width == w, cutout.work.height == h else { return nil }
        // The window's face is already the working width, so the cut-out is at the window's
        // own scale (and holds only the piece connected to the face).
        return PersonMask(pixels: cutout.cut.person, width: w, height: h, sourceToMask: toMask, region: covered,
                          touchesImageTop: covered.y == 0, source: .cutout)
    }

    /// The head-and-shoulders window the cut-out is made on, clamped to `size`.
    public func window(around landmarks: FaceLandmarks, in size: Size) -> PixelRect {
        FaceWindow.around(landmarks, halfWidth: Self.halfWidth, aboveEyes: Self.aboveEyes, belowChin: Self.belowChin, in: size)
    }
}
