import PhotoStore

extension IdentityNumber {
    /// An identity number from a request: 422 with the rule it breaks and what to correct
    /// ("ends in X, the first 17 digits call for 6").
    static func parsing(type: String, number: String) throws -> IdentityNumber {
        do {
            return try IdentityNumber(typeName: type, number: number)
        } catch {
            throw APIError.unprocessable(error.code, error.description)
        }
    }
}
