import { TooltipProvider } from '../../../renderer/src/components/tooltip';
import { useGalleryJobs } from '../../../renderer/src/features/queue/gallery-jobs';
import { JobTile } from '../../../renderer/src/features/queue/job-tile';

/**
 * The gallery's job tiles as the library grid places them, before its images (jsdom lays out no
 * grid), inside the app's one tooltip provider (app.tsx), which a component rendered on its own lacks.
 */
export function GalleryJobs() {
  const jobs = useGalleryJobs();
  return (
    <TooltipProvider>
      <ul aria-label="Gallery jobs">
        {jobs.map((job) => (
          <li key={job.id}>
            <JobTile job={job} />
          </li>
        ))}
      </ul>
    </TooltipProvider>
  );
}
