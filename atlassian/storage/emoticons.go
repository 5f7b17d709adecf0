package storage

import "golang.org/x/net/html"

// emoticons maps Confluence's emoticon names to Unicode, for storage that
// lacks the ac:emoji-fallback attribute (Server/DC).
var emoticons = map[string]string{
	"smile": "🙂", "sad": "🙁", "cheeky": "😛", "laugh": "😀", "wink": "😉", "thumbs-up": "👍",
	"thumbs-down": "👎", "information": "ℹ️", "tick": "✅", "cross": "❌", "warning": "⚠️",
	"plus": "➕", "minus": "➖", "question": "❓", "light-on": "💡", "light-off": "💡",
	"yellow-star": "⭐", "red-star": "⭐", "green-star": "⭐", "blue-star": "⭐", "heart": "❤️",
	"broken-heart": "💔",
}

// emoticon replaces <ac:emoticon> with its emoji.
func (r *rewriter) emoticon(n *html.Node) *html.Node {
	s := attr(n, "ac:emoji-fallback")
	if s == "" {
		s = emoticons[attr(n, "ac:name")]
	}
	if s == "" && attr(n, "ac:name") != "" {
		s = ":" + attr(n, "ac:name") + ":"
	}
	return r.replace(n, textNode(s), false)
}
