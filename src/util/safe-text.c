#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/safe-text.h"

static const char replacement[] = "\xEF\xBF\xBD";   /* U+FFFD in UTF-8 */

/* The length of the well-formed UTF-8 sequence at @s (1..4) that is not
 * a control character, or 0.  Well-formed as Unicode 15, table 3-7, has
 * it: no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t good_sequence(const unsigned char *s)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80)
		return s[0] >= 0x20 && s[0] != 0x7F;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF) || (c >= 0x80 && c <= 0x9F))
		return 0;
	return n;
}

/* Write the safe form of @s into @out (NULL: only count); returns its
 * length.  At most @size - 1 bytes are written, whole characters only. */
static size_t convert(char *out, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0;

	while (*p) {
		size_t n = good_sequence(p);
		const char *from = n ? (const char *)p : replacement;
		size_t m = n ? n : sizeof(replacement) - 1;

		if (out) {
			if (len + m >= size)
				break;
			memcpy(out + len, from, m);
		}
		len += m;
		p += n ? n : 1;
	}
	if (out && size > 0)
		out[len < size ? len : size - 1] = '\0';
	return len;
}

void bp_utf8_trim(char *s)
{
	size_t len = strlen(s), start = len;

	/* Back to the lead byte of the last character, if any. */
	while (start > 0 && len - start < 4 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start > 0 && (unsigned char)s[start - 1] >= 0xC0) {
		start--;
		if (good_sequence((const unsigned char *)s + start) != len - start)
			s[start] = '\0';
	}
}

char *bp_safe_text(const char *s)
{
	size_t len = convert(NULL, 0, s);
	char *out = malloc(len + 1);

	if (out)
		convert(out, len + 1, s);
	return out;
}

void bp_safe_text_copy(char *out, size_t size, const char *s)
{
	convert(out, size, s);
}
