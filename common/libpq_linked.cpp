// libpq in the self-contained binary (SLUICE_STATIC): linked in from Debian's libpq.a
// rather than loaded on first use (libpq_loader.cpp, the other builds' variant).
//
// The loader exists because a shared libpq drags about twenty shared libraries into every
// process that maps it. Linked statically, libpq brings only its own code, and OpenSSL's,
// which the binary carries anyway: nothing is loaded or relocated for it at start, and its
// pages are read from disk only when a command connects, so `sluice lint` pays nothing
// for it either way (docs/packaging.md has the measurements).
//
// Debian builds libpq with Kerberos (GSSAPI) and LDAP support, but ships neither library
// as a static archive. Their functions are defined below as "not available": libpq then
// behaves as a libpq built without them (no GSSAPI encryption or authentication; an
// ldap:// service lookup fails with its own message). Password, SCRAM, certificate and
// TLS connections are unaffected. The Debian package keeps both.
#define LDAP_DEPRECATED 1  // libpq calls ldap_init, ldap_simple_bind, ldap_search_st, ldap_unbind
#include <gssapi/gssapi.h>
#include <ldap.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "common/libpq_info.hpp"

namespace sluice {

std::string libpqDescription() {
  int version = PQlibVersion();
  return "libpq " + std::to_string(version / 10000) + "." + std::to_string(version % 10000) +
         " (linked in; without Kerberos/GSSAPI and LDAP)";
}

}  // namespace sluice

namespace {

constexpr const char* kNoGssapi =
    "Kerberos (GSSAPI) is not available in the self-contained sluice binary; the sluice-db Debian package has it";

gss_OID_desc hostBasedServiceOid{0, nullptr};

}  // namespace

extern "C" {

gss_OID GSS_C_NT_HOSTBASED_SERVICE = &hostBasedServiceOid;  // NOLINT: the name is GSSAPI's

// libpq asks for credentials before every connection (gssencmode=prefer): "none" makes it
// go on without GSSAPI encryption.
OM_uint32 gss_acquire_cred(OM_uint32* minor, gss_name_t, OM_uint32, gss_OID_set, gss_cred_usage_t, gss_cred_id_t* cred,
                           gss_OID_set*, OM_uint32*) {
  *minor = 0;
  if (cred != nullptr) *cred = GSS_C_NO_CREDENTIAL;
  return GSS_S_UNAVAILABLE;
}

// A server that demands GSSAPI authentication: libpq reports "GSSAPI name import error:"
// followed by the text of gss_display_status.
OM_uint32 gss_import_name(OM_uint32* minor, gss_buffer_t, gss_OID, gss_name_t* name) {
  *minor = 0;
  if (name != nullptr) *name = GSS_C_NO_NAME;
  return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_display_status(OM_uint32* minor, OM_uint32, int, gss_OID, OM_uint32* context, gss_buffer_t text) {
  *minor = 0;
  *context = 0;
  std::size_t length = std::strlen(kNoGssapi);
  text->value = std::malloc(length + 1);
  if (text->value == nullptr) {
    text->length = 0;
    return GSS_S_FAILURE;
  }
  std::memcpy(text->value, kNoGssapi, length + 1);
  text->length = length;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_release_buffer(OM_uint32* minor, gss_buffer_t buffer) {
  *minor = 0;
  if (buffer != nullptr) {
    std::free(buffer->value);
    buffer->value = nullptr;
    buffer->length = 0;
  }
  return GSS_S_COMPLETE;
}

OM_uint32 gss_release_cred(OM_uint32* minor, gss_cred_id_t* cred) {
  *minor = 0;
  if (cred != nullptr) *cred = GSS_C_NO_CREDENTIAL;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_release_name(OM_uint32* minor, gss_name_t* name) {
  *minor = 0;
  if (name != nullptr) *name = GSS_C_NO_NAME;
  return GSS_S_COMPLETE;
}

OM_uint32 gss_delete_sec_context(OM_uint32* minor, gss_ctx_id_t* context, gss_buffer_t) {
  *minor = 0;
  if (context != nullptr) *context = GSS_C_NO_CONTEXT;
  return GSS_S_COMPLETE;
}

// Reached only with a security context, which the functions above never create.
OM_uint32 gss_init_sec_context(OM_uint32* minor, gss_cred_id_t, gss_ctx_id_t*, gss_name_t, gss_OID, OM_uint32,
                               OM_uint32, gss_channel_bindings_t, gss_buffer_t, gss_OID*, gss_buffer_t, OM_uint32*,
                               OM_uint32*) {
  *minor = 0;
  return GSS_S_UNAVAILABLE;
}
OM_uint32 gss_wrap(OM_uint32* minor, gss_ctx_id_t, int, gss_qop_t, gss_buffer_t, int*, gss_buffer_t) {
  *minor = 0;
  return GSS_S_UNAVAILABLE;
}
OM_uint32 gss_unwrap(OM_uint32* minor, gss_ctx_id_t, gss_buffer_t, gss_buffer_t, int*, gss_qop_t*) {
  *minor = 0;
  return GSS_S_UNAVAILABLE;
}
OM_uint32 gss_wrap_size_limit(OM_uint32* minor, gss_ctx_id_t, int, gss_qop_t, OM_uint32, OM_uint32*) {
  *minor = 0;
  return GSS_S_UNAVAILABLE;
}

// An ldap:// line in pg_service.conf: libpq reports "could not create LDAP structure"
// when ldap_init fails, and never calls the others.
LDAP* ldap_init(const char*, int) { return nullptr; }
int ldap_set_option(LDAP*, int, const void*) { return LDAP_NOT_SUPPORTED; }
int ldap_simple_bind(LDAP*, const char*, const char*) { return -1; }
int ldap_search_st(LDAP*, const char*, int, const char*, char**, int, struct timeval*, LDAPMessage** result) {
  if (result != nullptr) *result = nullptr;
  return LDAP_NOT_SUPPORTED;
}
int ldap_result(LDAP*, int, int, struct timeval*, LDAPMessage** result) {
  if (result != nullptr) *result = nullptr;
  return -1;
}
int ldap_count_entries(LDAP*, LDAPMessage*) { return -1; }
LDAPMessage* ldap_first_entry(LDAP*, LDAPMessage*) { return nullptr; }
struct berval** ldap_get_values_len(LDAP*, LDAPMessage*, const char*) {
  return nullptr;
}
void ldap_value_free_len(struct berval**) {}
int ldap_msgfree(LDAPMessage*) { return 0; }
int ldap_unbind(LDAP*) { return LDAP_NOT_SUPPORTED; }
char* ldap_err2string(int) { return const_cast<char*>("LDAP is not available in the self-contained sluice binary"); }

}  // extern "C"
