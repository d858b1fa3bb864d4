import { useMemo } from 'react';
import { useMediaUrl } from '../../state/context';
import { createMarkdownRenderer } from '../sanitize';

export function TextCardView({ markdown }: { markdown: string }) {
  const mediaUrl = useMediaUrl();
  const render = useMemo(() => createMarkdownRenderer(mediaUrl), [mediaUrl]);
  const html = useMemo(() => render(markdown), [render, markdown]);
  // Safe: `html` comes out of the DOMPurify allowlist in ../sanitize.
  return <div className="card-text" dangerouslySetInnerHTML={{ __html: html }} />;
}
