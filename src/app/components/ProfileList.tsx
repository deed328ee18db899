import './profiles.css';
import { useEffect } from 'react';
import { useProfilesStore } from '../profiles-store';
import { ProfileCard } from './ProfileCard';

export function ProfileList() {
  const profiles = useProfilesStore((s) => s.profiles);
  const storage = useProfilesStore((s) => s.storage);
  const notices = useProfilesStore((s) => s.predictorNotices);
  const hydrate = useProfilesStore((s) => s.hydrate);
  useEffect(() => {
    void hydrate();
  }, [hydrate]);
  return (
    <div className="profiles" data-testid="profiles" data-storage={storage.status}>
      <h3>Profiles</h3>
      {storage.status === 'unavailable' && (
        <p className="dataset__errors" role="alert">
          Profiles are not saved in this browser (IndexedDB unavailable: {storage.message}); they last until the tab
          closes.
        </p>
      )}
      {notices.length > 0 && (
        <ul className="notices" aria-label="Predictor imports">
          {notices.map((n, i) => (
            <li key={i} className={n.ok ? 'notice--ok' : 'notice--bad'} data-testid="predictor-notice" data-ok={n.ok}>
              {n.fileName}: {n.message}
            </li>
          ))}
        </ul>
      )}
      {profiles.length === 0 ? (
        <p className="empty">
          {storage.status === 'loading' ? 'Loading saved profiles…' : 'No profiles yet: drop a latency CSV.'}
        </p>
      ) : (
        <ul className="datasets" aria-label="Latency profiles">
          {profiles.map((profile) => (
            <ProfileCard
              key={profile.id}
              profile={profile}
              bases={profiles.filter((p) => p.id !== profile.id && p.predictor && !p.predictor.provenance.adaptation)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
