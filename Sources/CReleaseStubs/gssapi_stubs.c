// GSSAPI (MIT Kerberos) entry points for the static release build (scripts/build-release.sh).
//
// Debian ships no static libgssapi_krb5, so the static libpq and libcurl are linked against these
// instead. Every call fails with GSS_S_UNAVAILABLE, and gss_display_status explains why, so:
// - libpq's default gssencmode=prefer finds no credentials (gss_acquire_cred fails) and connects
//   without GSSAPI encryption, exactly as on a machine without a Kerberos ticket;
// - gssencmode=require fails with libpq's own "GSSAPI encryption required but was impossible";
// - a server that asks for GSSAPI authentication gets "GSSAPI name import error: <message below>";
// - curl's Negotiate/Kerberos authentication fails the same way (Ferry never enables it).
// Types follow RFC 2744 (the GSSAPI C bindings) as declared by MIT's <gssapi/gssapi.h>.
// Compiled only in the release link mode (FERRY_STATIC_LIBS in Package.swift).

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint32_t OM_uint32;
typedef struct gss_OID_desc_struct { OM_uint32 length; void *elements; } gss_OID_desc, *gss_OID;
typedef struct gss_OID_set_desc_struct { size_t count; gss_OID elements; } gss_OID_set_desc, *gss_OID_set;
typedef struct gss_buffer_desc_struct { size_t length; void *value; } gss_buffer_desc, *gss_buffer_t;
typedef struct gss_name_struct *gss_name_t;
typedef struct gss_cred_id_struct *gss_cred_id_t;
typedef struct gss_ctx_id_struct *gss_ctx_id_t;
typedef struct gss_channel_bindings_struct *gss_channel_bindings_t;
typedef int gss_cred_usage_t;
typedef OM_uint32 gss_qop_t;

// GSS_S_UNAVAILABLE: routine error 16, shifted by GSS_C_ROUTINE_ERROR_OFFSET (16).
#define FERRY_GSS_S_COMPLETE 0u
#define FERRY_GSS_S_FAILURE (13u << 16)
#define FERRY_GSS_S_UNAVAILABLE (16u << 16)
#define FERRY_GSS_C_GSS_CODE 1

// The major status text says what is missing; the minor one what to do instead. libpq prints
// "GSSAPI name import error: <major>: <minor>".
static const char ferry_gss_major_message[] =
    "GSSAPI/Kerberos is not available in this ferry build (a static release build; see Docs/install.md)";
static const char ferry_gss_minor_message[] =
    "use password (SCRAM), certificate or another non-Kerberos authentication";

// 1.2.840.113554.1.2.1.4, the OID MIT exports under this name.
static gss_OID_desc ferry_gss_hostbased_service = {10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"};
gss_OID GSS_C_NT_HOSTBASED_SERVICE = &ferry_gss_hostbased_service;

static OM_uint32 ferry_gss_unavailable(OM_uint32 *minor_status) {
    if (minor_status) *minor_status = 0;
    return FERRY_GSS_S_UNAVAILABLE;
}

static void ferry_gss_clear_buffer(gss_buffer_t buffer) {
    if (buffer) {
        buffer->length = 0;
        buffer->value = NULL;
    }
}

OM_uint32 gss_acquire_cred(OM_uint32 *minor_status, gss_name_t desired_name, OM_uint32 time_req,
                           gss_OID_set desired_mechs, gss_cred_usage_t cred_usage,
                           gss_cred_id_t *output_cred_handle, gss_OID_set *actual_mechs, OM_uint32 *time_rec) {
    (void)desired_name; (void)time_req; (void)desired_mechs; (void)cred_usage;
    if (output_cred_handle) *output_cred_handle = NULL;
    if (actual_mechs) *actual_mechs = NULL;
    if (time_rec) *time_rec = 0;
    return ferry_gss_unavailable(minor_status);
}

OM_uint32 gss_release_cred(OM_uint32 *minor_status, gss_cred_id_t *cred_handle) {
    if (minor_status) *minor_status = 0;
    if (cred_handle) *cred_handle = NULL;
    return FERRY_GSS_S_COMPLETE;
}

OM_uint32 gss_import_name(OM_uint32 *minor_status, gss_buffer_t input_name_buffer, gss_OID input_name_type,
                          gss_name_t *output_name) {
    (void)input_name_buffer; (void)input_name_type;
    if (output_name) *output_name = NULL;
    return ferry_gss_unavailable(minor_status);
}

OM_uint32 gss_display_name(OM_uint32 *minor_status, gss_name_t input_name, gss_buffer_t output_name_buffer,
                           gss_OID *output_name_type) {
    (void)input_name;
    ferry_gss_clear_buffer(output_name_buffer);
    if (output_name_type) *output_name_type = NULL;
    return ferry_gss_unavailable(minor_status);
}

OM_uint32 gss_release_name(OM_uint32 *minor_status, gss_name_t *name) {
    if (minor_status) *minor_status = 0;
    if (name) *name = NULL;
    return FERRY_GSS_S_COMPLETE;
}

OM_uint32 gss_init_sec_context(OM_uint32 *minor_status, gss_cred_id_t claimant_cred_handle,
                               gss_ctx_id_t *context_handle, gss_name_t target_name, gss_OID mech_type,
                               OM_uint32 req_flags, OM_uint32 time_req, gss_channel_bindings_t input_chan_bindings,
                               gss_buffer_t input_token, gss_OID *actual_mech_type, gss_buffer_t output_token,
                               OM_uint32 *ret_flags, OM_uint32 *time_rec) {
    (void)claimant_cred_handle; (void)target_name; (void)mech_type; (void)req_flags; (void)time_req;
    (void)input_chan_bindings; (void)input_token;
    if (context_handle) *context_handle = NULL;
    if (actual_mech_type) *actual_mech_type = NULL;
    ferry_gss_clear_buffer(output_token);
    if (ret_flags) *ret_flags = 0;
    if (time_rec) *time_rec = 0;
    return ferry_gss_unavailable(minor_status);
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor_status, gss_ctx_id_t *context_handle, gss_buffer_t output_token) {
    if (minor_status) *minor_status = 0;
    if (context_handle) *context_handle = NULL;
    ferry_gss_clear_buffer(output_token);
    return FERRY_GSS_S_COMPLETE;
}

OM_uint32 gss_inquire_context(OM_uint32 *minor_status, gss_ctx_id_t context_handle, gss_name_t *src_name,
                              gss_name_t *targ_name, OM_uint32 *lifetime_rec, gss_OID *mech_type,
                              OM_uint32 *ctx_flags, int *locally_initiated, int *open) {
    (void)context_handle;
    if (src_name) *src_name = NULL;
    if (targ_name) *targ_name = NULL;
    if (lifetime_rec) *lifetime_rec = 0;
    if (mech_type) *mech_type = NULL;
    if (ctx_flags) *ctx_flags = 0;
    if (locally_initiated) *locally_initiated = 0;
    if (open) *open = 0;
    return ferry_gss_unavailable(minor_status);
}

OM_uint32 gss_wrap(OM_uint32 *minor_status, gss_ctx_id_t context_handle, int conf_req_flag, gss_qop_t qop_req,
                   gss_buffer_t input_message_buffer, int *conf_state, gss_buffer_t output_message_buffer) {
    (void)context_handle; (void)conf_req_flag; (void)qop_req; (void)input_message_buffer;
    if (conf_state) *conf_state = 0;
    ferry_gss_clear_buffer(output_message_buffer);
    return ferry_gss_unavailable(minor_status);
}

OM_uint32 gss_unwrap(OM_uint32 *minor_status, gss_ctx_id_t context_handle, gss_buffer_t input_message_buffer,
                     gss_buffer_t output_message_buffer, int *conf_state, gss_qop_t *qop_state) {
    (void)context_handle; (void)input_message_buffer;
    ferry_gss_clear_buffer(output_message_buffer);
    if (conf_state) *conf_state = 0;
    if (qop_state) *qop_state = 0;
    return ferry_gss_unavailable(minor_status);
}

OM_uint32 gss_wrap_size_limit(OM_uint32 *minor_status, gss_ctx_id_t context_handle, int conf_req_flag,
                              gss_qop_t qop_req, OM_uint32 req_output_size, OM_uint32 *max_input_size) {
    (void)context_handle; (void)conf_req_flag; (void)qop_req; (void)req_output_size;
    if (max_input_size) *max_input_size = 0;
    return ferry_gss_unavailable(minor_status);
}

/// Explains any major status (GSS_C_GSS_CODE) and minor status (GSS_C_MECH_CODE) with the texts above.
OM_uint32 gss_display_status(OM_uint32 *minor_status, OM_uint32 status_value, int status_type, gss_OID mech_type,
                             OM_uint32 *message_context, gss_buffer_t status_string) {
    (void)status_value; (void)mech_type;
    if (minor_status) *minor_status = 0;
    if (message_context) *message_context = 0;
    ferry_gss_clear_buffer(status_string);
    if (status_string == NULL) return FERRY_GSS_S_FAILURE;
    const char *message = status_type == FERRY_GSS_C_GSS_CODE ? ferry_gss_major_message : ferry_gss_minor_message;
    size_t length = strlen(message);
    char *text = malloc(length + 1);
    if (text == NULL) return FERRY_GSS_S_FAILURE;
    memcpy(text, message, length + 1);
    status_string->value = text;
    status_string->length = length;
    return FERRY_GSS_S_COMPLETE;
}

/// Frees what gss_display_status allocated (the only buffers these stubs hand out).
OM_uint32 gss_release_buffer(OM_uint32 *minor_status, gss_buffer_t buffer) {
    if (minor_status) *minor_status = 0;
    if (buffer) {
        free(buffer->value);
        ferry_gss_clear_buffer(buffer);
    }
    return FERRY_GSS_S_COMPLETE;
}
