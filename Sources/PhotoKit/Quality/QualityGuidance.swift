/// What to tell the person when a measure warns or fails, in Chinese and English. `low`
/// is said when the raw value lies below the pass range, `high` when above it.
enum QualityGuidance {
    static func guidance(for measure: QualityMeasure, side: QualityBands.Side) -> Guidance {
        let (low, high) = table(measure)
        return side == .low ? low : high
    }

    private static func g(_ zh: String, _ en: String) -> Guidance { Guidance(zh: zh, en: en) }

    private static func table(_ measure: QualityMeasure) -> (low: Guidance, high: Guidance) {
        switch measure {
        case .singleFace:
            let alone = g("请确保画面中只有您一人", "Make sure only you are in the picture")
            return (g("未检测到人脸，请正对镜头", "No face found: face the camera"), alone)
        case .interEyeDistance:
            let closer = g("请靠近镜头或使用更高分辨率的相机", "Move closer or use a higher-resolution camera")
            return (closer, closer)
        case .headSize:
            return (g("请靠近镜头", "Move closer to the camera"), g("请离镜头远一些", "Move back from the camera"))
        case .cropMargins:
            let frame = g("请让头顶和下巴完整留在画面内", "Keep the whole head, crown to chin, inside the frame")
            return (frame, frame)
        case .yaw:
            return (g("请向右稍转头，正视镜头", "Turn your head slightly to your right and look straight at the camera"),
                    g("请向左稍转头，正视镜头", "Turn your head slightly to your left and look straight at the camera"))
        case .pitch:
            return (g("请稍抬头，平视镜头", "Raise your chin a little and look straight ahead"),
                    g("请稍低头，平视镜头", "Lower your chin a little and look straight ahead"))
        case .roll:
            let level = g("请保持头部端正，不要歪头", "Keep your head upright; do not tilt it")
            return (level, level)
        case .eyesOpen:
            let open = g("请睁开双眼", "Please open your eyes")
            return (open, open)
        case .eyesVisible:
            let visible = g("请露出双眼：摘下墨镜，拨开遮眼的头发", "Show both eyes: remove sunglasses and move hair away from your eyes")
            return (visible, visible)
        case .glassesGlare:
            let glare = g("眼镜反光，请稍调整眼镜角度或摘下眼镜", "Your glasses reflect the light: tilt them slightly or take them off")
            return (glare, glare)
        case .redEye:
            let red = g("出现红眼，请调整闪光灯后重拍", "Red eye: change the flash and retake")
            return (red, red)
        case .mouthClosed:
            let closed = g("请闭上嘴巴", "Please close your mouth")
            return (closed, closed)
        case .expressionNeutral:
            let neutral = g("请保持自然表情，不要微笑", "Keep a neutral expression; please do not smile")
            return (neutral, neutral)
        case .headCovering:
            let bare = g("请摘下帽子或头饰，露出额头", "Remove any hat or head covering; keep your forehead visible")
            return (bare, bare)
        case .faceOcclusion:
            let clear = g("请移开遮挡面部的物品（口罩、手、头发）", "Remove anything covering your face (mask, hand, hair)")
            return (clear, clear)
        case .backgroundUniformity:
            let plain = g("请站在纯色背景前", "Stand in front of a plain, uniform background")
            return (plain, plain)
        case .backgroundShadow:
            let shadow = g("背景有阴影，请离背景远一些或调整灯光", "There is a shadow on the background: step away from it or adjust the lights")
            return (shadow, shadow)
        case .faceShadow:
            let shadow = g("面部有阴影，请调整灯光使面部均匀受光", "There are shadows on your face: light your face evenly")
            return (shadow, shadow)
        case .illuminationUniformity:
            let even = g("面部左右亮度不均，请正对光源", "One side of your face is darker: face the light")
            return (even, even)
        case .exposure:
            return (g("光线太暗，请增加照明", "Too dark: add light"), g("光线太亮，请减弱照明", "Too bright: reduce the light"))
        case .dynamicRange:
            let contrast = g("画面对比度不足，请改善照明", "The picture is flat: improve the lighting")
            return (contrast, contrast)
        case .sharpness:
            let still = g("照片模糊，请保持不动并对焦后重拍", "The photo is blurred: hold still, focus and retake")
            return (still, still)
        case .compression:
            let quality = g("图像压缩过度，请上传原始照片", "The image is over-compressed: use the original photo")
            return (quality, quality)
        case .naturalColour:
            let colour = g("颜色不自然，请使用白光照明并上传彩色照片", "Unnatural colour: use white light and a colour photo")
            return (colour, colour)
        case .recapture:
            let original = g("请勿翻拍照片或屏幕，请本人现场拍摄", "Do not photograph a print or a screen; the person must be photographed")
            return (original, original)
        }
    }
}
