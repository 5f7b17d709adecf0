package markup

import "strings"

// jiraCodeLanguage maps a Markdown fence language to the name the {code}
// macro of Jira Server/DC (7.5 and later) highlights, or "" when Jira does
// not know the language: an unknown language makes the macro render an
// error, so such code is written as a plain {code} block.
func jiraCodeLanguage(lang string) string {
	switch l := strings.ToLower(strings.TrimSpace(lang)); l {
	case "actionscript", "ada", "applescript", "bash", "c", "c#", "c++", "css", "erlang", "go",
		"groovy", "haskell", "html", "java", "javascript", "json", "lua", "nyan", "objc", "perl",
		"php", "python", "r", "ruby", "scala", "sql", "swift", "visualbasic", "xml", "yaml":
		return l
	case "as3":
		return "actionscript"
	case "sh", "shell", "zsh", "console", "shellscript":
		return "bash"
	case "h":
		return "c"
	case "csharp", "cs":
		return "c#"
	case "cpp", "cxx", "cc", "hpp":
		return "c++"
	case "erl":
		return "erlang"
	case "golang":
		return "go"
	case "hs":
		return "haskell"
	case "htm", "xhtml":
		return "html"
	case "js", "jsx", "mjs", "node":
		return "javascript"
	case "objectivec", "objective-c":
		return "objc"
	case "pl":
		return "perl"
	case "py", "python3":
		return "python"
	case "rb":
		return "ruby"
	case "vb", "vbnet", "vb.net":
		return "visualbasic"
	case "yml":
		return "yaml"
	}
	return ""
}

// markdownCodeLanguage maps a {code} macro language to the usual Markdown
// fence name ("c#" and "c++" are unusual in fence info strings).
func markdownCodeLanguage(lang string) string {
	switch l := strings.ToLower(strings.TrimSpace(lang)); l {
	case "c#":
		return "csharp"
	case "c++":
		return "cpp"
	case "none", "text", "plain", "plaintext", "nohighlight":
		return ""
	default:
		return l
	}
}
