/** A transcoded intro video, played from its signed URL with its poster frame. */
export function VideoPlayer({
  src,
  poster,
  dataTest,
}: {
  src: string;
  poster: string | null;
  dataTest: string;
}) {
  return (
    <video
      controls
      playsInline
      preload="metadata"
      poster={poster ?? undefined}
      src={src}
      className="aspect-video w-full rounded-md bg-black"
      data-test={dataTest}
    >
      <track kind="captions" />
    </video>
  );
}
