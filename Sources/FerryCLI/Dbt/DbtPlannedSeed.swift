import FerryCore
import FerryShimGen

/// One seed of `ferry_load_plan`'s output: which seed, where its CSV is, and the request that
/// loads it, exactly as the dbt package rendered it from dbt's context.
struct DbtPlannedSeed: Sendable, Equatable {
    /// dbt's unique id, such as `seed.shop.orders`; the key of `FERRY_DBT_SEEDS`.
    var uniqueID: String
    var name: String
    /// dbt's fully qualified name, dot-separated (`shop.orders`): how `--exclude` names exactly this seed.
    var fqn: String
    /// The dbt package that defines the seed.
    var package: String
    /// Whether that package is the project itself (not an installed package).
    var inRootProject: Bool
    /// The CSV, relative to its package's directory.
    var path: String
    /// The profile and target the plan was rendered for (whose password the loads use).
    var profile: String?
    var target: String?
    /// The request as rendered (valid JSON; validated as a request when the load starts).
    var request: JSONValue

    /// The planned seeds among the lines dbt printed, and the other lines (dbt's own messages).
    static func parse(_ output: String) throws(FerryError) -> (seeds: [DbtPlannedSeed], otherLines: [String]) {
        let marker = DbtHandshake.planMarker
        var seeds: [DbtPlannedSeed] = []
        var other: [String] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: true) {
            guard line.hasPrefix("{\"\(marker)\"") else {
                other.append(String(line))
                continue
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse(String(line))
            } catch {
                throw FerryError(.invalidRequest, stage: .validate, "ferry_load_plan printed a line that is not JSON: \(error)")
            }
            guard case .number("1")? = value[marker],
                  case let .string(uniqueID)? = value["seed"], case let .string(name)? = value["name"],
                  case let .string(fqn)? = value["fqn"],
                  case let .string(package)? = value["package"], case let .string(path)? = value["path"],
                  let request = value["request"], case .object = request
            else {
                throw FerryError(.invalidRequest, stage: .validate,
                                 "ferry_load_plan printed a line this ferry cannot read; regenerate dbt_macros with this binary (`ferry generate dbt`) and run `dbt deps`")
            }
            let inRoot = if case .bool(false)? = value["in_root_project"] { false } else { true }
            seeds.append(DbtPlannedSeed(
                uniqueID: uniqueID, name: name, fqn: fqn, package: package, inRootProject: inRoot, path: path,
                profile: Self.string(value["profile"]), target: Self.string(value["target"]), request: request))
        }
        return (seeds, other)
    }

    private static func string(_ value: JSONValue?) -> String? {
        if case let .string(text)? = value { text } else { nil }
    }
}
