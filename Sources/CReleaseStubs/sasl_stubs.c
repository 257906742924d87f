// Cyrus SASL client entry points for the static release build (scripts/build-release.sh).
//
// The static OpenLDAP client inside libpq (LDAP service lookups) and libcurl (ldap:// URLs) calls
// these for SASL binds only. Debian's libsasl2.a cannot be linked on its own: it pulls in its
// static plugins and with them MySQL, BerkeleyDB and Kerberos. So SASL binds fail here with
// SASL_NOMECH and the message below; anonymous and simple binds do not use SASL and still work.
// Prototypes as declared by <sasl/sasl.h> (Cyrus SASL 2.1).
// Compiled only in the release link mode (FERRY_STATIC_LIBS in Package.swift).

#include <stddef.h>

#define FERRY_SASL_NOMECH (-4)

typedef struct sasl_conn sasl_conn_t;
typedef struct sasl_callback sasl_callback_t;
typedef struct sasl_interact sasl_interact_t;
typedef void *sasl_mutex_alloc_t(void);
typedef int sasl_mutex_lock_t(void *mutex);
typedef int sasl_mutex_unlock_t(void *mutex);
typedef void sasl_mutex_free_t(void *mutex);

static const char ferry_sasl_message[] =
    "SASL authentication is not available in this ferry build (a static release build; see Docs/install.md)";

int sasl_client_init(const sasl_callback_t *callbacks) {
    (void)callbacks;
    return FERRY_SASL_NOMECH;
}

int sasl_client_new(const char *service, const char *server_fqdn, const char *iplocalport, const char *ipremoteport,
                    const sasl_callback_t *prompt_supp, unsigned flags, sasl_conn_t **pconn) {
    (void)service; (void)server_fqdn; (void)iplocalport; (void)ipremoteport; (void)prompt_supp; (void)flags;
    if (pconn) *pconn = NULL;
    return FERRY_SASL_NOMECH;
}

int sasl_client_start(sasl_conn_t *conn, const char *mechlist, sasl_interact_t **prompt_need,
                      const char **clientout, unsigned *clientoutlen, const char **mech) {
    (void)conn; (void)mechlist;
    if (prompt_need) *prompt_need = NULL;
    if (clientout) *clientout = NULL;
    if (clientoutlen) *clientoutlen = 0;
    if (mech) *mech = NULL;
    return FERRY_SASL_NOMECH;
}

int sasl_client_step(sasl_conn_t *conn, const char *serverin, unsigned serverinlen, sasl_interact_t **prompt_need,
                     const char **clientout, unsigned *clientoutlen) {
    (void)conn; (void)serverin; (void)serverinlen;
    if (prompt_need) *prompt_need = NULL;
    if (clientout) *clientout = NULL;
    if (clientoutlen) *clientoutlen = 0;
    return FERRY_SASL_NOMECH;
}

int sasl_encode(sasl_conn_t *conn, const char *input, unsigned inputlen, const char **output, unsigned *outputlen) {
    (void)conn; (void)input; (void)inputlen;
    if (output) *output = NULL;
    if (outputlen) *outputlen = 0;
    return FERRY_SASL_NOMECH;
}

int sasl_decode(sasl_conn_t *conn, const char *input, unsigned inputlen, const char **output, unsigned *outputlen) {
    (void)conn; (void)input; (void)inputlen;
    if (output) *output = NULL;
    if (outputlen) *outputlen = 0;
    return FERRY_SASL_NOMECH;
}

int sasl_getprop(sasl_conn_t *conn, int propnum, const void **pvalue) {
    (void)conn; (void)propnum;
    if (pvalue) *pvalue = NULL;
    return FERRY_SASL_NOMECH;
}

int sasl_setprop(sasl_conn_t *conn, int propnum, const void *value) {
    (void)conn; (void)propnum; (void)value;
    return FERRY_SASL_NOMECH;
}

void sasl_dispose(sasl_conn_t **pconn) {
    if (pconn) *pconn = NULL;
}

const char *sasl_errdetail(sasl_conn_t *conn) {
    (void)conn;
    return ferry_sasl_message;
}

const char *sasl_errstring(int saslerr, const char *langlist, const char **outlang) {
    (void)saslerr; (void)langlist;
    if (outlang) *outlang = "en-us";
    return ferry_sasl_message;
}

/// No mechanisms: a NULL-terminated empty list.
const char **sasl_global_listmech(void) {
    static const char *none[] = {NULL};
    return none;
}

void sasl_set_mutex(sasl_mutex_alloc_t *alloc, sasl_mutex_lock_t *lock, sasl_mutex_unlock_t *unlock,
                    sasl_mutex_free_t *free_mutex) {
    (void)alloc; (void)lock; (void)unlock; (void)free_mutex;
}
