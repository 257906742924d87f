/// The API's OpenAPI 3.1 document (`Sources/FerryServeKit/openapi.yaml`, compiled in), served at
/// `/api/v1/openapi.yaml`.
package enum OpenAPIDocument {
    package static var bytes: [UInt8] { PackageResources.openapi_yaml }
}
