#ifndef FERRY_CRELEASESTUBS_H
#define FERRY_CRELEASESTUBS_H
// No declarations: this target exports only the C symbols (gss_*, p11_kit_*, sasl_*) that the static
// libpq, libcurl, OpenLDAP and GnuTLS archives call, in the release link mode of Package.swift.
// Nothing imports it. SwiftPM requires a public headers directory, hence this file.
#endif
