//! Who is asking: a signed-in user with role grants on subtrees, or the system
//! itself (the CLI, the demo loader). Every permission question ends here.

use crate::Result;
use tdkt_domain::auth::{Action, Role};
use tdkt_domain::error::Error;

/// A role granted on a unit; it reaches the unit's whole subtree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Grant {
    pub role: Role,
    pub unit_id: i64,
    /// Materialised path of the unit (`/1/4/`), so subtree checks are prefix tests.
    pub unit_path: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub grants: Vec<Grant>,
    system: bool,
}

impl Actor {
    /// The system acting on an operator's command (CLI, demo loader); audited under `name`.
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            username: name.into(),
            display_name: name.into(),
            grants: vec![],
            system: true,
        }
    }

    pub fn user(user_id: i64, username: String, display_name: String, grants: Vec<Grant>) -> Actor {
        Actor {
            user_id: Some(user_id),
            username,
            display_name,
            grants,
            system: false,
        }
    }

    pub fn is_system(&self) -> bool {
        self.system
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// May this actor do `action` on something in the unit at `unit_path`?
    pub fn can(&self, action: Action, unit_path: &str) -> bool {
        self.system
            || self
                .grants
                .iter()
                .any(|g| g.role.allows(action) && unit_path.starts_with(&g.unit_path))
    }

    /// May this actor do `action` somewhere?
    pub fn can_somewhere(&self, action: Action) -> bool {
        self.system || self.grants.iter().any(|g| g.role.allows(action))
    }

    pub fn require(&self, action: Action, unit_path: &str) -> Result<()> {
        if self.can(action, unit_path) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    /// What tells this actor's view apart, for caches of per-user lists: the
    /// account and its grants.
    pub fn cache_key(&self) -> String {
        let mut k = format!("{:?}", self.user_id);
        for g in &self.grants {
            k.push('|');
            k.push_str(g.role.code());
            k.push('@');
            k.push_str(&g.unit_path);
        }
        k
    }

    /// The subtrees where `action` is allowed, as path prefixes with no prefix
    /// covering another (so SQL can OR them). The system sees everything (`/`).
    pub fn scopes(&self, action: Action) -> Vec<String> {
        if self.system {
            return vec!["/".into()];
        }
        let mut paths: Vec<String> = self
            .grants
            .iter()
            .filter(|g| g.role.allows(action))
            .map(|g| g.unit_path.clone())
            .collect();
        paths.sort();
        paths.dedup();
        let mut out: Vec<String> = Vec::new();
        for p in paths {
            if !out.iter().any(|o| p.starts_with(o.as_str())) {
                out.push(p);
            }
        }
        out
    }
}

impl crate::Store {
    /// Whether `actor` may do `action` over the whole tree: every top-level
    /// unit where any account holds a role lies in one of its subtrees (the
    /// system always). Top-level units nobody works in (a ministry kept as
    /// the sender of movements) do not count. Installation-wide things (the
    /// access log, audit lines of no unit, accounts without a role) belong
    /// to such actors only.
    pub async fn whole_tree(&self, actor: &Actor, action: Action) -> Result<bool> {
        if actor.is_system() {
            return Ok(true);
        }
        if !actor.can_somewhere(action) {
            return Ok(false);
        }
        // Both lists in one round trip: `true` marks a root, `false` a role's unit.
        let rows: Vec<(String, bool)> = crate::on_pool!(&self.db, p => sqlx::query_as(
            "SELECT path, TRUE FROM units WHERE parent_id IS NULL
             UNION ALL SELECT DISTINCT u.path, FALSE FROM user_roles r JOIN units u ON u.id = r.unit_id")
            .fetch_all(p).await)
        .map_err(crate::internal)?;
        let mut roots = Vec::new();
        let mut roles = Vec::new();
        for (path, root) in rows {
            if root {
                roots.push(path);
            } else {
                roles.push(path);
            }
        }
        Ok(covers_all(actor, action, &roots, &roles))
    }
}

pub(crate) const ROOTS_SQL: &str = "SELECT path FROM units WHERE parent_id IS NULL";
pub(crate) const ROLE_PATHS_SQL: &str =
    "SELECT DISTINCT u.path FROM user_roles r JOIN units u ON u.id = r.unit_id";

/// Whether every top-level unit (`roots`) holding some role (`role_paths`)
/// lies inside one of the actor's subtrees for `action` (none: nobody but
/// the system).
pub(crate) fn covers_all(
    actor: &Actor,
    action: Action,
    roots: &[String],
    role_paths: &[String],
) -> bool {
    if actor.is_system() {
        return true;
    }
    let used: Vec<&String> = roots
        .iter()
        .filter(|r| role_paths.iter().any(|p| p.starts_with(r.as_str())))
        .collect();
    !used.is_empty() && used.iter().all(|r| actor.can(action, r))
}

/// SQL list filters take up to this many disjoint subtrees (`path LIKE $a OR …`).
pub const MAX_SCOPES: usize = 4;

/// Scope prefixes as LIKE patterns padded to [`MAX_SCOPES`]; `None` when the
/// actor sees nothing. Extra disjoint subtrees beyond the limit are dropped
/// (a user with more than four unrelated grants sees the first four).
pub fn like_patterns(scopes: &[String]) -> Option<[String; MAX_SCOPES]> {
    let first = scopes.first()?;
    let pat = |s: &String| format!("{s}%");
    let mut out: [String; MAX_SCOPES] = std::array::from_fn(|_| pat(first));
    for (i, s) in scopes.iter().take(MAX_SCOPES).enumerate() {
        out[i] = pat(s);
    }
    Some(out)
}

/// Scope prefixes as byte ranges `[lo, hi)` padded to [`MAX_SCOPES`] pairs
/// (`lo0, hi0, lo1, hi1, …`): a path lies in the subtree `/1/4/` exactly when
/// `'/1/4/' <= path < '/1/40'` (`'0'` follows `'/'`). Unlike `LIKE`, ranges use
/// the index on both databases.
pub fn scope_ranges(scopes: &[String]) -> Option<[String; 2 * MAX_SCOPES]> {
    let first = scopes.first()?;
    let mut out: [String; 2 * MAX_SCOPES] = std::array::from_fn(|i| {
        let (lo, hi) = subtree_range(first);
        if i % 2 == 0 { lo } else { hi }
    });
    for (i, s) in scopes.iter().take(MAX_SCOPES).enumerate() {
        (out[2 * i], out[2 * i + 1]) = subtree_range(s);
    }
    Some(out)
}

/// The byte range `[lo, hi)` of the paths in the subtree `prefix` (see
/// [`scope_ranges`]).
pub fn subtree_range(prefix: &str) -> (String, String) {
    let hi = format!("{}0", &prefix[..prefix.len().saturating_sub(1)]);
    (prefix.to_string(), hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, path: &str) -> Grant {
        Grant {
            role,
            unit_id: 1,
            unit_path: path.into(),
            unit_name: String::new(),
        }
    }

    #[test]
    fn subtree_scope() {
        let a = Actor::user(
            1,
            "u".into(),
            "U".into(),
            vec![grant(Role::UnitClerk, "/1/4/")],
        );
        assert!(a.can(Action::ManagePeople, "/1/4/"));
        assert!(a.can(Action::ManagePeople, "/1/4/9/"));
        assert!(!a.can(Action::ManagePeople, "/1/5/"));
        assert!(!a.can(Action::ManagePeople, "/1/"));
        assert!(!a.can(Action::ManageUsers, "/1/4/"));
        // "/1/4/" must not match "/1/40/".
        assert!(!a.can(Action::View, "/1/40/"));
    }

    #[test]
    fn whole_tree_counts_only_roots_with_roles() {
        let roots = vec!["/1/".to_string(), "/2/".to_string()];
        let admin =
            |path: &str| Actor::user(1, "a".into(), "A".into(), vec![grant(Role::Admin, path)]);
        // Nobody works under /2/ (a ministry kept as a sender): the admin
        // of /1/ administers the whole tree…
        let roles = vec!["/1/".to_string(), "/1/4/".to_string()];
        assert!(covers_all(
            &admin("/1/"),
            Action::ManageUsers,
            &roots,
            &roles
        ));
        assert!(!covers_all(
            &admin("/1/4/"),
            Action::ManageUsers,
            &roots,
            &roles
        ));
        // …until someone holds a role there.
        let roles = vec!["/1/".to_string(), "/2/7/".to_string()];
        assert!(!covers_all(
            &admin("/1/"),
            Action::ManageUsers,
            &roots,
            &roles
        ));
        // A viewer of the root manages nothing.
        let viewer = Actor::user(2, "v".into(), "V".into(), vec![grant(Role::Viewer, "/1/")]);
        let roles = vec!["/1/".to_string()];
        assert!(!covers_all(&viewer, Action::ManageUsers, &roots, &roles));
        assert!(covers_all(
            &Actor::system("t"),
            Action::ManageUsers,
            &roots,
            &[]
        ));
    }

    #[test]
    fn ranges_cover_exactly_the_subtree() {
        let r = scope_ranges(&["/1/4/".to_string()]).unwrap();
        let inside = |p: &str| r[0].as_str() <= p && p < r[1].as_str();
        assert!(inside("/1/4/"));
        assert!(inside("/1/4/9/"));
        assert!(!inside("/1/40/"));
        assert!(!inside("/1/5/"));
        assert!(!inside("/1/"));
        let root = scope_ranges(&["/".to_string()]).unwrap();
        assert_eq!((root[0].as_str(), root[1].as_str()), ("/", "0"));
    }

    #[test]
    fn scopes_are_minimal() {
        let a = Actor::user(
            1,
            "u".into(),
            "U".into(),
            vec![
                grant(Role::Viewer, "/1/4/"),
                grant(Role::Viewer, "/1/"),
                grant(Role::Viewer, "/2/"),
            ],
        );
        assert_eq!(
            a.scopes(Action::View),
            vec!["/1/".to_string(), "/2/".to_string()]
        );
        let p = like_patterns(&a.scopes(Action::View)).unwrap();
        assert_eq!(p[0], "/1/%");
        assert_eq!(p[1], "/2/%");
        assert_eq!(p[3], "/1/%");
    }
}
