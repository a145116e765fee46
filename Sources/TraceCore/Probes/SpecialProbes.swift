/// The probes that are not declared by services.
public enum SpecialProbes {
    /// Arguments of the ERROR probe: the 1-based clause number and the error's text.
    public static let errorArguments = [ArgumentDeclaration("clause", .int), ArgumentDeclaration("fault", .string)]
}
