// p11-kit entry points for the static release build (scripts/build-release.sh).
//
// GnuTLS comes into the static link through librtmp and OpenLDAP (libcurl's rtmp:// and ldap://,
// libpq's LDAP service lookups); Ferry's own TLS is OpenSSL's. Debian ships no static p11-kit, so
// GnuTLS's PKCS#11 support (smart cards, HSMs, pkcs11: URLs) is unavailable: module loading fails
// with the message below, URIs cannot be created, and PIN callbacks are never called.
// p11_kit_space_strlen and p11_kit_space_strdup are pure string helpers and are implemented.
// Prototypes as declared by <p11-kit/p11-kit.h>, <p11-kit/uri.h> and <p11-kit/pin.h> (p11-kit 0.24).
// Compiled only in the release link mode (FERRY_STATIC_LIBS in Package.swift).

#include <stdlib.h>
#include <string.h>

typedef unsigned long CK_RV;
typedef unsigned long CK_ULONG;
typedef unsigned long CK_ATTRIBUTE_TYPE;
typedef struct ck_function_list CK_FUNCTION_LIST;
typedef struct ck_info CK_INFO;
typedef struct ck_token_info CK_TOKEN_INFO;
typedef struct ck_attribute CK_ATTRIBUTE;
typedef struct p11_kit_uri P11KitUri;
typedef struct p11_kit_pin P11KitPin;
typedef int P11KitUriType;
typedef int P11KitPinFlags;
typedef void (*p11_kit_pin_destroy_func)(void *data);
typedef P11KitPin *(*p11_kit_pin_callback)(const char *pin_source, P11KitUri *pin_uri, const char *pin_description,
                                           P11KitPinFlags pin_flags, void *callback_data);

#define FERRY_CKR_GENERAL_ERROR 5ul
#define FERRY_P11_KIT_URI_UNEXPECTED (-1)

static const char ferry_p11_message[] =
    "PKCS#11 (p11-kit) is not available in this ferry build (a static release build; see Docs/install.md)";

const char *p11_kit_message(void) { return ferry_p11_message; }

const char *p11_kit_strerror(CK_RV rv) {
    (void)rv;
    return ferry_p11_message;
}

CK_FUNCTION_LIST **p11_kit_modules_load(const char *reserved, int flags) {
    (void)reserved; (void)flags;
    return NULL;
}

CK_FUNCTION_LIST *p11_kit_module_load(const char *module_path, int flags) {
    (void)module_path; (void)flags;
    return NULL;
}

CK_RV p11_kit_module_finalize(CK_FUNCTION_LIST *module) {
    (void)module;
    return FERRY_CKR_GENERAL_ERROR;
}

void p11_kit_module_release(CK_FUNCTION_LIST *module) { (void)module; }

char *p11_kit_module_get_name(CK_FUNCTION_LIST *module) {
    (void)module;
    return NULL;
}

int p11_kit_module_get_flags(CK_FUNCTION_LIST *module) {
    (void)module;
    return 0;
}

char *p11_kit_config_option(CK_FUNCTION_LIST *module, const char *option) {
    (void)module; (void)option;
    return NULL;
}

/// The length of a PKCS#11 string field without its trailing space padding.
size_t p11_kit_space_strlen(const unsigned char *string, size_t max_length) {
    size_t length = max_length;
    while (length > 0 && string[length - 1] == ' ') length--;
    return length;
}

/// A NUL-terminated copy of a space-padded PKCS#11 string field (NULL when out of memory).
char *p11_kit_space_strdup(const unsigned char *string, size_t max_length) {
    size_t length = p11_kit_space_strlen(string, max_length);
    char *copy = malloc(length + 1);
    if (copy == NULL) return NULL;
    memcpy(copy, string, length);
    copy[length] = '\0';
    return copy;
}

P11KitUri *p11_kit_uri_new(void) { return NULL; }

void p11_kit_uri_free(P11KitUri *uri) { (void)uri; }

int p11_kit_uri_parse(const char *string, P11KitUriType uri_type, P11KitUri *uri) {
    (void)string; (void)uri_type; (void)uri;
    return FERRY_P11_KIT_URI_UNEXPECTED;
}

int p11_kit_uri_format(P11KitUri *uri, P11KitUriType uri_type, char **string) {
    (void)uri; (void)uri_type;
    if (string) *string = NULL;
    return FERRY_P11_KIT_URI_UNEXPECTED;
}

CK_ATTRIBUTE *p11_kit_uri_get_attribute(P11KitUri *uri, CK_ATTRIBUTE_TYPE attr_type) {
    (void)uri; (void)attr_type;
    return NULL;
}

CK_ATTRIBUTE *p11_kit_uri_get_attributes(P11KitUri *uri, CK_ULONG *n_attrs) {
    (void)uri;
    if (n_attrs) *n_attrs = 0;
    return NULL;
}

int p11_kit_uri_set_attribute(P11KitUri *uri, CK_ATTRIBUTE *attr) {
    (void)uri; (void)attr;
    return FERRY_P11_KIT_URI_UNEXPECTED;
}

CK_INFO *p11_kit_uri_get_module_info(P11KitUri *uri) {
    (void)uri;
    return NULL;
}

CK_TOKEN_INFO *p11_kit_uri_get_token_info(P11KitUri *uri) {
    (void)uri;
    return NULL;
}

int p11_kit_uri_match_module_info(const P11KitUri *uri, const CK_INFO *info) {
    (void)uri; (void)info;
    return 0;
}

int p11_kit_uri_match_token_info(const P11KitUri *uri, const CK_TOKEN_INFO *token_info) {
    (void)uri; (void)token_info;
    return 0;
}

const char *p11_kit_uri_get_pin_value(const P11KitUri *uri) {
    (void)uri;
    return NULL;
}

const char *p11_kit_uri_get_pin_source(const P11KitUri *uri) {
    (void)uri;
    return NULL;
}

P11KitPin *p11_kit_pin_new_for_string(const char *value) {
    (void)value;
    return NULL;
}

void p11_kit_pin_unref(P11KitPin *pin) { (void)pin; }

const unsigned char *p11_kit_pin_get_value(P11KitPin *pin, size_t *length) {
    (void)pin;
    if (length) *length = 0;
    return NULL;
}

size_t p11_kit_pin_get_length(P11KitPin *pin) {
    (void)pin;
    return 0;
}

P11KitPin *p11_kit_pin_request(const char *pin_source, P11KitUri *pin_uri, const char *pin_description,
                               P11KitPinFlags pin_flags) {
    (void)pin_source; (void)pin_uri; (void)pin_description; (void)pin_flags;
    return NULL;
}

P11KitPin *p11_kit_pin_file_callback(const char *pin_source, P11KitUri *pin_uri, const char *pin_description,
                                     P11KitPinFlags pin_flags, void *callback_data) {
    (void)pin_source; (void)pin_uri; (void)pin_description; (void)pin_flags; (void)callback_data;
    return NULL;
}

/// No module is ever loaded, so no PIN is ever requested: registering succeeds and is never used.
int p11_kit_pin_register_callback(const char *pin_source, p11_kit_pin_callback callback, void *callback_data,
                                  p11_kit_pin_destroy_func callback_destroy) {
    (void)pin_source; (void)callback; (void)callback_data; (void)callback_destroy;
    return 0;
}

void p11_kit_pin_unregister_callback(const char *pin_source, p11_kit_pin_callback callback, void *callback_data) {
    (void)pin_source; (void)callback; (void)callback_data;
}
