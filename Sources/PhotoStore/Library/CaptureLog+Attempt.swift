import Foundation

extension CaptureLog {
    /// A log row for an attempt described by `new`, outcome still to be set.
    static func attempt(at date: Date, new: NewCapture, identityHash: String) -> CaptureLog {
        let log = CaptureLog()
        log.at = date
        log.capturedAt = new.capturedAt
        log.identityHash = identityHash
        log.siteCode = new.siteCode
        log.deviceCode = new.deviceCode
        log.operatorID = new.operatorID
        log.channel = new.channel.rawValue
        log.latitude = new.latitude
        log.longitude = new.longitude
        return log
    }

    /// A log row for an attempt that did not get far enough to become a capture.
    public convenience init(at date: Date, outcome: Outcome, reasonCode: String?, detail: String?, identityHash: String?, siteCode: String?,
                            deviceCode: String?, operatorID: UUID?, channel: String?, capturedAt: Date?, latitude: Double?, longitude: Double?) {
        self.init()
        at = date
        self.outcome = outcome
        self.reasonCode = reasonCode
        self.detail = detail
        self.identityHash = identityHash
        self.siteCode = siteCode
        self.deviceCode = deviceCode
        self.operatorID = operatorID
        self.channel = channel
        self.capturedAt = capturedAt
        self.latitude = latitude
        self.longitude = longitude
    }
}
