/// The one place the version is written. SwiftPM runs no script at build time, so it cannot take `git
/// describe`; bump this with each release (the README's Commands section says where it lives).
package enum PIIVaultVersion {
    package static let current = "0.13.0"
    static let line = "piivault \(current)"
}
