export const ARTICLE_STATUSES = ["draft", "in_review", "scheduled", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** The editorial state table: every move an editor may make; anything else is a 409. */
export const ARTICLE_TRANSITIONS: Record<ArticleStatus, readonly ArticleStatus[]> = {
  draft: ["in_review", "archived"],
  in_review: ["draft", "scheduled", "published"],
  scheduled: ["draft", "published"],
  published: ["archived"],
  archived: ["draft"],
};

export function canMove(from: ArticleStatus, to: ArticleStatus): boolean {
  return ARTICLE_TRANSITIONS[from].includes(to);
}

/** Text may change until an article is archived; a published article keeps its address. */
export const EDITABLE: readonly ArticleStatus[] = ["draft", "in_review", "scheduled", "published"];
