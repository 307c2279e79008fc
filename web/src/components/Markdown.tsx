/**
 * A small Markdown renderer for policy text: headings, paragraphs, bullet and numbered lists,
 * block quotes, rules, fenced code, and **bold**, *italic*, `code` and [links](https://…) inline.
 * It builds React elements from the text (never HTML), so nothing in a policy can run as markup.
 */
import {
  Anchor,
  Blockquote,
  Code,
  Divider,
  List,
  Text,
  Title,
  TypographyStylesProvider,
} from "@mantine/core";
import type { ReactNode } from "react";

type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; ordered: boolean; start: number; items: string[] }
  | { kind: "quote"; text: string }
  | { kind: "code"; text: string }
  | { kind: "rule" };

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*(\d+)[.)]\s+(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;

export const parseMarkdown = (source: string): Block[] => {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (line.trim() === "") {
      i += 1;
      continue;
    }
    if (line.trim().startsWith("```")) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] ?? "").trim().startsWith("```")) {
        body.push(lines[i] ?? "");
        i += 1;
      }
      i += 1;
      blocks.push({ kind: "code", text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", level: heading[1]?.length ?? 2, text: (heading[2] ?? "").trim() });
      i += 1;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: "rule" });
      i += 1;
      continue;
    }
    if (line.trimStart().startsWith(">")) {
      const body: string[] = [];
      while (i < lines.length && (lines[i] ?? "").trimStart().startsWith(">")) {
        body.push((lines[i] ?? "").trimStart().replace(/^>\s?/, ""));
        i += 1;
      }
      blocks.push({ kind: "quote", text: body.join(" ") });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = !bullet;
      const start = numbered ? Number(numbered[1]) : 1;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i] ?? "";
        const m = ordered ? NUMBERED.exec(l) : BULLET.exec(l);
        if (m) {
          items.push((ordered ? m[2] : m[1]) ?? "");
        } else if (l.trim() !== "" && /^\s{2,}/.test(l) && items.length > 0) {
          items[items.length - 1] = `${items[items.length - 1]} ${l.trim()}`;
        } else {
          break;
        }
        i += 1;
      }
      blocks.push({ kind: "list", ordered, start, items });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length) {
      const l = lines[i] ?? "";
      if (
        l.trim() === "" ||
        HEADING.test(l) ||
        BULLET.test(l) ||
        NUMBERED.test(l) ||
        l.trim().startsWith("```") ||
        l.trimStart().startsWith(">")
      )
        break;
      body.push(l.trim());
      i += 1;
    }
    blocks.push({ kind: "paragraph", text: body.join(" ") });
  }
  return blocks;
};

const INLINE = /(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`|\[[^\]]+\]\([^)\s]+\)|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;

const safeHref = (href: string): string | null => (/^(https?:|mailto:)/i.test(href) ? href : null);

/** Inline emphasis, code and links as React nodes. */
export const renderInline = (text: string, keyPrefix = "i"): ReactNode[] => {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    const token = match[0];
    const key = `${keyPrefix}-${n++}`;
    if (token.startsWith("**") || token.startsWith("__")) {
      out.push(<strong key={key}>{renderInline(token.slice(2, -2), key)}</strong>);
    } else if (token.startsWith("`")) {
      out.push(<Code key={key}>{token.slice(1, -1)}</Code>);
    } else if (token.startsWith("[")) {
      const m = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
      const href = m?.[2] ? safeHref(m[2]) : null;
      out.push(
        href ? (
          <Anchor key={key} href={href} target="_blank" rel="noopener noreferrer">
            {m?.[1]}
          </Anchor>
        ) : (
          <span key={key}>{m?.[1] ?? token}</span>
        ),
      );
    } else {
      out.push(<em key={key}>{renderInline(token.slice(1, -1), key)}</em>);
    }
    last = index + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
};

export function Markdown({ source, testId }: { source: string; testId?: string }) {
  const blocks = parseMarkdown(source);
  return (
    <TypographyStylesProvider p={0} data-testid={testId ?? "markdown"}>
      {blocks.map((b, i) => {
        const key = `b-${i}`;
        switch (b.kind) {
          case "heading":
            return (
              <Title
                key={key}
                order={Math.min(6, Math.max(2, b.level + 1)) as 2 | 3 | 4 | 5 | 6}
                mt="md"
                mb={6}
              >
                {renderInline(b.text, key)}
              </Title>
            );
          case "paragraph":
            return (
              <Text key={key} size="sm" mb="sm" lh={1.65}>
                {renderInline(b.text, key)}
              </Text>
            );
          case "list":
            return (
              <List
                key={key}
                type={b.ordered ? "ordered" : "unordered"}
                start={b.ordered ? b.start : undefined}
                size="sm"
                spacing={6}
                mb="sm"
                withPadding
                styles={{ itemWrapper: { display: "inline" } }}
              >
                {b.items.map((item, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their position
                  <List.Item key={`${key}-${j}`} lh={1.6}>
                    {renderInline(item, `${key}-${j}`)}
                  </List.Item>
                ))}
              </List>
            );
          case "quote":
            return (
              <Blockquote key={key} p="sm" my="sm" color="gray">
                <Text size="sm">{renderInline(b.text, key)}</Text>
              </Blockquote>
            );
          case "code":
            return (
              <Code key={key} block mb="sm">
                {b.text}
              </Code>
            );
          case "rule":
            return <Divider key={key} my="md" />;
          default:
            return null;
        }
      })}
    </TypographyStylesProvider>
  );
}
