/* balprobe: names made safe to show.  A file name is bytes: it may hold
 * sequences that are not UTF-8 (which JSON and HTML cannot carry) and
 * control characters (an ESC that drives the terminal, a newline that
 * ends a Markdown heading).  Each invalid byte and each control character
 * (U+0000..U+001F, U+007F..U+009F) becomes U+FFFD, the replacement
 * character; everything else is kept, so the name stays whole. */
#ifndef BALPROBE_SAFE_TEXT_H
#define BALPROBE_SAFE_TEXT_H

#include <stddef.h>

/* The safe form of @s, newly allocated, or NULL when memory ran out. */
char *bp_safe_text(const char *s);

/* The same into @out of @size bytes (cut at a character boundary). */
void bp_safe_text_copy(char *out, size_t size, const char *s);

/* Cut a truncated character off the end of the UTF-8 string @s (as
 * snprintf leaves one when the room ran out). */
void bp_utf8_trim(char *s);

#endif
