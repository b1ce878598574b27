import Foundation

/// The city's own time: days, birthdays and reuse windows count in China Standard Time,
/// whatever the server's time zone.
public enum CityTime {
    public static let timeZone = TimeZone(identifier: "Asia/Shanghai")!

    /// The Gregorian calendar in the city's time zone.
    public static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// "2026-09-03": the day `date` falls on in the city.
    public static func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
