/** The core cannot run: say what, why and how to fix it, and offer nothing that would fail anyway. */
export function ErrorScreen({ title, detail, fix }: { title: string; detail: string; fix: string }) {
  return (
    <main className="screen error-screen" data-testid="error-screen" role="alert">
      <h1>{title}</h1>
      <p className="error-detail">{detail}</p>
      <p className="error-fix">{fix}</p>
    </main>
  );
}
