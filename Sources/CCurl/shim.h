// Typed wrappers for libcurl's variadic curl_easy_setopt / curl_easy_getinfo, which Swift
// cannot call directly (the corelibs-foundation and Kitura-net pattern).
#ifndef ROSTER_CCURL_SHIM_H
#define ROSTER_CCURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode roster_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode roster_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode roster_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode roster_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode roster_curl_setopt_write_function(CURL *h, curl_write_callback f) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode roster_curl_setopt_read_function(CURL *h, curl_read_callback f) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, f); }
static inline CURLcode roster_curl_setopt_header_function(CURL *h, curl_write_callback f) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f); }
static inline CURLcode roster_curl_setopt_xferinfo_function(CURL *h, curl_xferinfo_callback f) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f); }
static inline CURLcode roster_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode roster_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
/* SMTP (issue 6): CURLOPT_MAIL_FROM and CURLOPT_USERNAME/PASSWORD go through the string
   wrapper, CURLOPT_MAIL_RCPT through the slist wrapper, CURLOPT_UPLOAD/USE_SSL/
   SERVER_RESPONSE_TIMEOUT through the long wrapper; the read callback has its own wrapper
   above. Constants Swift cannot import as macros are re-exported here. */
static const long roster_curl_use_ssl_none = CURLUSESSL_NONE;
static const long roster_curl_use_ssl_all = CURLUSESSL_ALL;
#endif
